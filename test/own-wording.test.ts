import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures } from './support/paths.js';
import { policy } from './support/policy-cli.js';
import { temporaryFolder } from './support/project-copy.js';
import { pdfText } from './support/poppler.js';
import { openDocx } from './support/word.js';

/** The build's date, fixed so that adoption dates are never after "today": 2 December 2026. */
const env = { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 11, 2) / 1000) };

/**
 * A school's own words, carried onto every new release: the made-up phones model of
 * test/fixtures/own-wording (two editable clauses, one locked, one optional text) in three
 * releases, a council that takes them up one by one, and a school that words one clause its own
 * way, adds one and leaves one out.
 */
describe("a school's own wording, renewed onto new releases", () => {
  const root = temporaryFolder();
  cpSync(join(fixtures, 'own-wording'), root, { recursive: true });
  const run = (...args: string[]) => policy([...args, '--root', root], { env });
  const wordingFile = join(root, 'schools/example-council/oak-primary/phones.wording.yaml');
  const publisherFile = join(root, 'schools/example-council/publisher.yaml');
  const takeUp = (release: string) => {
    const text = readFileSync(publisherFile, 'utf8');
    writeFileSync(publisherFile, text.replace(/(        since: [\d-]+\n)(?!      - release)/, `$1      - release: ${release}\n        since: ${release}-01\n`));
  };
  const files = () => readdirSync(join(root, 'schools/example-council/oak-primary')).sort();
  const calls = 'Staff may make and take personal calls at lunchtime, away from pupils, in the staffroom or the school office.';

  it('adopts the model words first, then the school words one clause its own way, adds one and leaves an optional one out', () => {
    expect(run('adopt', 'oak-primary', '--approved', '2026-09-20', '--by', 'Full governing body').code).toBe(0);
    writeFileSync(
      wordingFile,
      [
        'release: 2026-09',
        'reworded:',
        `  personal-calls: ${calls}`,
        'added:',
        '  - id: our-phone-lockers',
        '    after: in-lessons',
        '    text: Staff may leave their phones in the lockers in the **staff corridor**.',
        'omitted: [staffroom-notice]',
        '',
      ].join('\n'),
    );
    const check = run('check');
    expect(check.stderr).toBe('');
    const draft = run('render', 'oak-primary', '--version', 'draft', '--format', 'txt').stdout;
    expect(draft).toContain(`1.1 ${calls}\n(The school's own wording, not the model's)`);
    expect(draft).toContain('1.3 Staff may leave their phones in the lockers in the staff corridor.');
    expect(draft).toContain('1.4 Staff never use their own phones to take photographs');
    expect(draft).not.toContain('A copy of this policy is displayed in the staffroom.');
    // The adopted version is the words the governors approved: the model's.
    expect(run('render', 'oak-primary', '--format', 'txt').stdout).toContain('1.1 Staff may make and take personal calls during their breaks');
  });

  it('keeps its wording when the council takes up a release that changed another clause, and the redline shows both, each with its source', () => {
    takeUp('2026-10');
    expect(run('check').stderr).toBe('');
    // Until it is renewed, the wording is of the old release: adopting is refused, and nothing is written.
    const early = run('adopt', 'oak-primary', '--approved', '2026-10-20');
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('phones.wording.yaml This own wording was written against release 2026-09 of the model, not release 2026-10, the release being adopted.');
    expect(early.stderr).toContain('policy renew oak-primary --policy phones');
    expect(files()).toEqual(['phones-v1.json', 'phones.wording.yaml']);

    // The site's draft says the school's wording is not in it yet, and why.
    const site = temporaryFolder();
    expect(run('build', '--out', site).code).toBe(0);
    const draftPage = readFileSync(join(site, 'schools/oak-primary/phones/versions/draft/index.html'), 'utf8');
    expect(draftPage).toContain('data-own-wording="stale"');
    expect(draftPage).toContain("Oak Primary School&#39;s own wording of this policy was written against release 2026-09 of the model, so this draft has the model&#39;s words of release 2026-10 instead");

    const renewed = run('renew', 'oak-primary');
    expect(renewed.stderr).toBe('');
    expect(renewed.stdout).toContain('personal-calls: kept: the model did not change this clause, so your words carry over.');
    expect(renewed.stdout).toContain('No conflicts.');
    const wording = readFileSync(wordingFile, 'utf8');
    expect(wording).toMatch(/^release: 2026-10$/m);
    expect(wording).toContain(`personal-calls: ${calls}`);

    const diff = JSON.parse(run('diff', 'oak-primary', 'v1', 'draft', '--format', 'json').stdout) as {
      changes: { id: string; kind: string; source: string | null; to?: { own?: string }; reasons: { release: string }[] }[];
    };
    const item = (id: string) => diff.changes.find((entry) => entry.id === id)!;
    expect(item('personal-calls')).toMatchObject({ kind: 'changed', source: 'school', to: { own: 'school' } });
    expect(item('in-lessons')).toMatchObject({ kind: 'changed', source: 'model', reasons: [{ release: '2026-10' }] });
    expect(item('our-phone-lockers')).toMatchObject({ kind: 'added', source: 'school' });
    expect(item('staffroom-notice')).toMatchObject({ kind: 'removed', source: 'school' });
    const text = run('diff', 'oak-primary', 'v1', 'draft').stdout;
    expect(text).toMatch(/Clause 1\.1: .*\n {2}Changed · By: The school's own wording\n/);
    expect(text).toMatch(/Clause 1\.2: .*\n {2}Changed · By: The model · Weight: Update/);
    expect(text).toContain("3 changes are the school's own wording, in whole or in part");

    const adopted = run('adopt', 'oak-primary', '--approved', '2026-10-20', '--by', 'Full governing body');
    expect(adopted.stderr).toBe('');
    const v2 = JSON.parse(readFileSync(join(root, 'schools/example-council/oak-primary/phones-v2.json'), 'utf8')) as { inputs: { school: { ownWording?: { release: string; reworded: Record<string, string> } } } };
    expect(v2.inputs.school.ownWording).toMatchObject({ release: '2026-10', reworded: { 'personal-calls': calls } });
    expect(run('render', 'oak-primary', '--format', 'txt').stdout).toContain(`1.1 ${calls}`);
  });

  it('marks the school\'s own clauses in the page, the PDF and the Word document', async () => {
    const out = temporaryFolder();
    const html = run('render', 'oak-primary', '--format', 'html').stdout;
    expect(html).toMatch(/<div class="clause" id="personal-calls" data-own="school">.*?<p class="own-wording">The school's own wording, not the model's<\/p>/s);
    expect(html).not.toMatch(/id="in-lessons" data-own/);
    expect(run('render', 'oak-primary', '--format', 'pdf', '--out', join(out, 'v2.pdf')).code).toBe(0);
    const pdf = pdfText(join(out, 'v2.pdf')).replace(/\s+/g, ' ');
    expect(pdf).toContain("in the staffroom or the school office. The school's own wording, not the model's");
    expect(run('render', 'oak-primary', '--format', 'docx', '--out', join(out, 'v2.docx')).code).toBe(0);
    const xml = await (await openDocx(readFileSync(join(out, 'v2.docx')))).part('word/document.xml');
    expect(xml).toMatch(/the school office\.<\/w:t>.*?<w:i\/>.*?The school(&apos;|')s own wording, not the model(&apos;|')s<\/w:t>/s);
  });

  it('gives a conflict when the next release changes the same words; adopting is refused until it is resolved, then works', () => {
    takeUp('2026-11');
    const renewed = run('renew', 'oak-primary');
    expect(renewed.stderr).toBe('');
    expect(renewed.stdout).toContain('personal-calls: CONFLICT: you and the model changed the same words');
    expect(renewed.stdout).toContain('1 conflict to resolve before the governors can adopt it.');
    const wording = readFileSync(wordingFile, 'utf8');
    expect(wording).toContain('kind: both-changed');
    expect(wording).toContain('theirs: Staff may make and take personal calls during their breaks, away from pupils, in the staffroom only.');
    expect(wording).toContain('merged: Staff may make and take personal calls at lunchtime, away from pupils, in the staffroom [or the school office. ‖ only.]');

    const refused = run('adopt', 'oak-primary', '--approved', '2026-11-20');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('This own wording has a conflict still to resolve (personal-calls)');
    expect(refused.stderr).toContain('Nothing was recorded.');
    expect(files()).toEqual(['phones-v1.json', 'phones-v2.json', 'phones.wording.yaml']);

    // Merged words that still show the clash cannot be taken; once edited, they can.
    const clash = run('renew', 'oak-primary', '--resolve', 'personal-calls', '--take', 'merged');
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('still show a clash');
    const resolved = 'Staff may make and take personal calls at lunchtime, away from pupils, in the staffroom only, or in the school office when the staffroom is in use.';
    writeFileSync(wordingFile, readFileSync(wordingFile, 'utf8').replace(/in the staffroom \[or the school office\. ‖ only\.\]/, 'in the staffroom only, or in the school office when the staffroom is in use.'));
    const take = run('renew', 'oak-primary', '--resolve', 'personal-calls', '--take', 'merged');
    expect(take.stderr).toBe('');
    expect(take.stdout).toContain('No conflicts are left');
    expect(readFileSync(wordingFile, 'utf8')).not.toContain('conflicts:');

    const adopted = run('adopt', 'oak-primary', '--approved', '2026-11-20');
    expect(adopted.stderr).toBe('');
    expect(run('render', 'oak-primary', '--format', 'txt').stdout).toContain(`1.1 ${resolved}`);
    const text = run('diff', 'oak-primary', 'v2', 'v3').stdout;
    expect(text).toMatch(/Clause 1\.1: .*\n {2}Changed · By: Both the model and the school's own wording · Weight: Update/);
    // Every adopted version still gives its words.
    const check = run('check');
    expect(check.stderr).toBe('');
    expect(check.stdout).toContain('1 school (3 adopted versions): no problems.');
  });

  it('refuses an edit to a clause the model locks, or the council locks, naming the clause and why, and writes nothing', () => {
    const before = readFileSync(wordingFile, 'utf8');
    writeFileSync(
      wordingFile,
      before.replace('reworded:\n', 'reworded:\n  photos-of-pupils: Staff may use their own phones for photographs of school trips.\n  in-lessons: Phones stay in bags.\n'),
    );
    writeFileSync(publisherFile, `${readFileSync(publisherFile, 'utf8')}    locked:\n      - clauses: [in-lessons]\n        reason: Agreed with the recognised unions in the joint consultative committee.\n`);
    const check = run('check');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(
      'reworded.photos-of-pupils changes the clause "photos-of-pupils" (templates/phones/2026-11/parts/staff-use.md:14), which the Staff Mobile Phones Policy model locks: release 2026-11 does not mark it editable',
    );
    expect(check.stderr).toContain('reworded.in-lessons changes the clause "in-lessons" (templates/phones/2026-11/parts/staff-use.md:10), which Example Council locked for its schools: agreed with the recognised unions in the joint consultative committee.');
    const adopt = run('adopt', 'oak-primary', '--approved', '2026-11-25');
    expect(adopt.code).toBe(1);
    expect(adopt.stderr).toContain('reworded.in-lessons changes the clause');
    expect(adopt.stderr).toContain('nothing was recorded');
    expect(files()).toEqual(['phones-v1.json', 'phones-v2.json', 'phones-v3.json', 'phones.wording.yaml']);
    expect(readFileSync(join(root, 'schools/example-council/oak-primary.yaml'), 'utf8')).not.toContain('version: 4');
    writeFileSync(wordingFile, before);
  });

  it('refuses own wording that would put markup or a template in a policy, and a clause left out that is not optional', () => {
    const before = readFileSync(wordingFile, 'utf8');
    const cases: [string, string][] = [
      ['  personal-calls: Staff call <script>alert(1)</script> at lunch.', 'reworded.personal-calls holds HTML'],
      ['  personal-calls: "{{school.name}} staff may call at lunch."', 'reworded.personal-calls holds "{{" or "}}"'],
      ['  personal-calls: "[Call us](javascript:alert(1))"', "This link's address"],
      ['  personal-calls: "## Calls"', 'reworded.personal-calls holds a heading'],
    ];
    for (const [line, message] of cases) {
      writeFileSync(wordingFile, before.replace(/^ {2}personal-calls: .*$/m, line));
      const check = run('check');
      expect(check.code, line).toBe(1);
      expect(check.stderr, line).toContain(message);
    }
    writeFileSync(wordingFile, before.replace('omitted:\n  - staffroom-notice', 'omitted:\n  - questions'));
    const notOptional = run('check');
    expect(notOptional.stderr).toContain('omitted[0] leaves out the clause "questions"');
    expect(notOptional.stderr).toContain('which the Staff Mobile Phones Policy model (release 2026-11) does not mark optional.');
    writeFileSync(wordingFile, before);
    expect(run('check').code).toBe(0);
    expect(existsSync(wordingFile)).toBe(true);
  });

  it('reads back a Word document the school edited: an editable clause becomes its own wording, a locked one is refused, and a file not of ours is refused; each refusal writes nothing', async () => {
    const out = temporaryFolder();
    const made = join(out, 'draft.docx');
    expect(run('render', 'oak-primary', '--version', 'draft', '--format', 'docx', '--out', made).code).toBe(0);
    const word = await openDocx(readFileSync(made));
    const xml = await word.part('word/document.xml');
    // Each clause carries its id in a hidden bookmark, and the document says whose policy and release it is.
    expect(xml).toContain('<w:bookmarkStart w:name="_personal_calls"');
    expect(await word.part('docProps/custom.xml')).toMatch(/name="Policy release"><vt:lpwstr>2026-11</);
    const edited = xml
      .replace('or in the school office when the staffroom is in use.', 'or in the school office when the staffroom is full.')
      .replace('out of sight while they are teaching', 'out of sight at all times while they are teaching');
    expect(edited).not.toBe(xml);
    word.files.file('word/document.xml', edited);
    const editedFile = join(out, 'edited.docx');
    writeFileSync(editedFile, await word.files.generateAsync({ type: 'uint8array' }));
    const before = readFileSync(wordingFile, 'utf8');

    const refused = run('import-docx', 'oak-primary', editedFile);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'Clause 1.2 (in-lessons): its words were changed, but it is a clause Example Council locked for its schools: agreed with the recognised unions in the joint consultative committee.',
    );
    expect(refused.stderr).toContain('Nothing was written.');
    expect(readFileSync(wordingFile, 'utf8')).toBe(before);

    const taken = run('import-docx', 'oak-primary', editedFile, '--skip-refused');
    expect(taken.code).toBe(0);
    expect(taken.stdout).toContain("Clause 1.1 (personal-calls): now the school's own wording.");
    const wording = readFileSync(wordingFile, 'utf8');
    expect(wording).toContain('when the staffroom is full.');
    expect(wording).not.toContain('at all times');
    expect(run('render', 'oak-primary', '--version', 'draft', '--format', 'txt').stdout).toContain('in the school office when the staffroom is full.');

    // A file that is not a policy's Word document, or is another school's, is refused before anything is read into the school's files.
    const after = readFileSync(wordingFile, 'utf8');
    const folder = run('import-docx', 'oak-primary', out);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('is not a file: give the Word document (.docx) to import.');
    const notOurs = run('import-docx', 'oak-primary', join(root, 'site.yaml'));
    expect(notOurs.code).toBe(1);
    expect(notOurs.stderr).toContain('site.yaml was not imported: it is not a Word document (.docx)');
    const otherDocument = await openDocx(readFileSync(made));
    otherDocument.files.remove('docProps/custom.xml');
    writeFileSync(join(out, 'plain.docx'), await otherDocument.files.generateAsync({ type: 'uint8array' }));
    const plain = run('import-docx', 'oak-primary', join(out, 'plain.docx'));
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain("it is not a policy's Word document made by policy render or the site");
    expect(readFileSync(wordingFile, 'utf8')).toBe(after);
  });
});
