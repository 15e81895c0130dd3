import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fingerprints } from './support/fingerprints.js';
import { fixtures, repositoryRoot } from './support/paths.js';
import { policy } from './support/policy-cli.js';
import { temporaryFolder } from './support/project-copy.js';

/**
 * A council's onboarding, end to end: its schools imported from made-up extracts of the register
 * of schools (Get Information About Schools), their approvals recorded from one CSV file, and the
 * council's list of where every school's every policy stands.
 */

const gias = join(fixtures, 'gias');
/** 2 December 2026, the day the approvals below are recorded on. */
const env = { SOURCE_DATE_EPOCH: String(Date.parse('2026-12-02T00:00:00Z') / 1000) };

/** A project with this repository's models and site.yaml, and a made-up publisher of the extracts' establishments: the county council, or the trust. */
function councilProject(publisher = 'exampleshire-cc'): string {
  const root = temporaryFolder();
  for (const path of ['templates', 'site.yaml']) cpSync(join(repositoryRoot, path), join(root, path), { recursive: true });
  mkdirSync(join(root, 'schools'));
  cpSync(join(gias, publisher), join(root, 'schools', publisher), { recursive: true });
  return root;
}

const run = (root: string, args: string[]) => policy([...args, '--root', root], { env });
const schoolFiles = (root: string) => Object.fromEntries(Object.entries(fingerprints(join(root, 'schools'))).filter(([path]) => path.endsWith('.yaml') && !path.endsWith('publisher.yaml')));

/** The open maintained schools of Exampleshire (LA 990) in the November extract, by file. */
const imported = {
  'exampleshire-cc/ashcombe-community-primary-school.yaml': '190001',
  'exampleshire-cc/st-thereses-catholic-primary-school-brook-end.yaml': '190002',
  'exampleshire-cc/coldwell-church-of-england-primary-school.yaml': '190003',
  'exampleshire-cc/dunmore-foundation-primary-school.yaml': '190004',
  'exampleshire-cc/elmside-school.yaml': '190005',
};

describe('policy import gias', () => {
  let root: string;
  let first: ReturnType<typeof policy>;
  beforeAll(() => {
    root = councilProject();
    first = run(root, ['import', 'gias', join(gias, 'extract-2026-11.csv'), '--publisher', 'exampleshire-cc']);
  });

  it("creates a file for each open maintained school of the council's authority, and names every row it skipped with why", () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('as Windows-1252');
    expect(first.stdout).toContain('Importing the establishments of Exampleshire (LA 990)');
    expect(Object.keys(schoolFiles(root)).sort()).toEqual(Object.keys(imported).sort());
    for (const [file, urn] of Object.entries(imported)) {
      const text = readFileSync(join(root, 'schools', file), 'utf8');
      expect(text).toContain(`urn: "${urn}"`);
      expect(first.stdout).toContain(`schools/${file}  URN ${urn}`);
    }
    // The accented name came through the Windows code page; the telephone number kept its leading zero.
    const stTherese = readFileSync(join(root, 'schools/exampleshire-cc/st-thereses-catholic-primary-school-brook-end.yaml'), 'utf8');
    expect(stTherese).toContain("name: St Thérèse's Catholic Primary School, Brook End");
    expect(stTherese).toContain('telephone: "01234000222"');
    const skipped = {
      '190006': 'Fernhill Nursery School: its type, "Local authority nursery school", is not imported by default',
      '190007': 'Exampleshire Pupil Referral Service: its type, "Pupil referral unit", is not imported by default',
      '190008': 'Greenway Academy: its type, "Academy converter", is not imported by default',
      '190009': 'Hollow Lane Primary School: closed on 2019-08-31',
      '190010': 'Ivybridge Road Primary School: its status is "Proposed to open"',
      '190011': 'Juniper Hall Preparatory School: its type, "Other independent school", is not imported by default',
      '190012': "Kingsmead Primary School: another local authority's (Otherborough)",
      '190013': "Larkrise Primary School: another local authority's (Otherborough)",
      '190014': "Ysgol Gynradd Cwm Ta?f: another local authority's (Examplecwm)",
    };
    for (const [urn, reason] of Object.entries(skipped)) expect(first.stdout).toMatch(new RegExp(`line \\d+  URN ${urn}  ${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('makes school files that pass policy check, and fills the policies with what the register gives', () => {
    const checked = run(root, ['check']);
    expect(checked.stderr).toBe('');
    expect(checked.stdout).toContain('5 schools');
    expect(checked.code).toBe(0);
    const complaints = run(root, ['render', 'st-thereses-catholic-primary-school-brook-end', '--policy', 'complaints', '--format', 'txt']);
    // Its address from the register; "Head Teacher" as a sentence has it.
    expect(complaints.stdout).toContain('Send or hand it to the school office at 2 Church Road, Brook End EX2 2BB, marked for the attention of the headteacher.');
    const socialMedia = run(root, ['render', 'elmside-school', '--policy', 'social-media', '--format', 'txt']);
    expect(socialMedia.stdout).toContain('2 - 19');
  });

  it('with --dry-run shows the changes and writes nothing', () => {
    const before = fingerprints(join(root, 'schools'));
    const dry = run(root, ['import', 'gias', join(gias, 'extract-2026-12.csv'), '--publisher', 'exampleshire-cc', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('A dry run: nothing was written');
    expect(dry.stdout).toContain('head: Mrs Ann Archer Headteacher → Mr Arun Ahmed Headteacher');
    expect(fingerprints(join(root, 'schools'))).toEqual(before);
  });

  it('refuses an extract with a bad row or without a column it needs, naming the line and column, and writes nothing', () => {
    const before = fingerprints(join(root, 'schools'));
    const bad = run(root, ['import', 'gias', join(gias, 'bad-date.csv'), '--publisher', 'exampleshire-cc']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad-date\.csv:4:\d+ CloseDate is "31-13-2026": expected a date written day-month-year/);
    expect(bad.stderr).toContain('Nothing was written');
    const missing = run(root, ['import', 'gias', join(gias, 'no-status-column.csv'), '--publisher', 'exampleshire-cc']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('has no column "EstablishmentStatus (name)", which is needed.');
    expect(fingerprints(join(root, 'schools'))).toEqual(before);
  });

  it('refuses while a school file of the publisher cannot be read, or gives a URN another file has, and writes nothing', () => {
    const copy = councilProject();
    expect(run(copy, ['import', 'gias', join(gias, 'extract-2026-11.csv'), '--publisher', 'exampleshire-cc']).code).toBe(0);
    const twin = join(copy, 'schools/exampleshire-cc/ashcombe-copy.yaml');
    writeFileSync(twin, readFileSync(join(copy, 'schools/exampleshire-cc/ashcombe-community-primary-school.yaml'), 'utf8'));
    const before = fingerprints(join(copy, 'schools'));
    const twice = run(copy, ['import', 'gias', join(gias, 'extract-2026-12.csv'), '--publisher', 'exampleshire-cc']);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/schools\/exampleshire-cc\/ashcombe-copy\.yaml:\d+:\d+ establishment\.urn is not valid: "190001" is also the URN of schools\/exampleshire-cc\/ashcombe-community-primary-school\.yaml/);
    writeFileSync(twin, 'name: [Unclosed\n');
    const broken = run(copy, ['import', 'gias', join(gias, 'extract-2026-12.csv'), '--publisher', 'exampleshire-cc']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/schools\/exampleshire-cc\/ashcombe-copy\.yaml:\d+:\d+ This is not valid YAML/);
    expect(broken.stderr).toContain('Nothing was written');
    expect(Object.keys(fingerprints(join(copy, 'schools'))).sort()).toEqual(Object.keys(before).sort());
    expect(fingerprints(join(copy, 'schools'))['exampleshire-cc/ashcombe-community-primary-school.yaml']).toBe(before['exampleshire-cc/ashcombe-community-primary-school.yaml']);
  });

  it('on re-import changes exactly the school with a new head and the one that closed, keeping their adoptions and comments', () => {
    // The clerk records both schools' approvals, and someone adds a comment to each file.
    const approvals = [
      'school,policy,approved,approvedBy,minute,signedBy,reviewCycle',
      'ashcombe-community-primary-school,social-media,2026-11-20,Full governing body,FGB 20 November 2026 item 4,"Jane Smith, Chair of Governors",2 years',
      'dunmore-foundation-primary-school,complaints,2026-11-21,Full governing body,FGB 21 November 2026 item 6,Chair of Governors,1 year',
    ].join('\r\n');
    writeFileSync(join(root, 'first-approvals.csv'), approvals);
    const adopted = run(root, ['adopt', '--from', join(root, 'first-approvals.csv')]);
    expect(adopted.stderr).toBe('');
    expect(adopted.code).toBe(0);
    for (const file of ['ashcombe-community-primary-school', 'dunmore-foundation-primary-school']) {
      const path = join(root, 'schools/exampleshire-cc', `${file}.yaml`);
      writeFileSync(path, `${readFileSync(path, 'utf8')}# Local note: the head asked for the policy pack by email.\n`);
    }
    const before = schoolFiles(root);
    const again = run(root, ['import', 'gias', join(gias, 'extract-2026-12.csv'), '--publisher', 'exampleshire-cc']);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('as UTF-8 with a byte order mark');
    expect(again.stdout).toMatch(/Updated \(1\):\n {2}schools\/exampleshire-cc\/ashcombe-community-primary-school\.yaml/);
    expect(again.stdout).toMatch(/Closed: [^\n]*\(1\):\n {2}schools\/exampleshire-cc\/dunmore-foundation-primary-school\.yaml/);
    expect(again.stdout).toContain('Unchanged: 3 schools.');
    const after = schoolFiles(root);
    const changed = Object.keys(after).filter((file) => after[file] !== before[file]);
    expect(changed.sort()).toEqual(['exampleshire-cc/ashcombe-community-primary-school.yaml', 'exampleshire-cc/dunmore-foundation-primary-school.yaml']);
    const ashcombe = readFileSync(join(root, 'schools/exampleshire-cc/ashcombe-community-primary-school.yaml'), 'utf8');
    expect(ashcombe).toContain('firstName: Arun');
    expect(ashcombe).toContain('minute: FGB 20 November 2026 item 4');
    expect(ashcombe).toContain('# Local note: the head asked for the policy pack by email.');
    const dunmore = readFileSync(join(root, 'schools/exampleshire-cc/dunmore-foundation-primary-school.yaml'), 'utf8');
    expect(dunmore).toContain('status: Closed');
    expect(dunmore).toContain('closed: 2026-08-31');
    expect(dunmore).toContain('minute: FGB 21 November 2026 item 6');
    expect(dunmore).toContain('# Local note: the head asked for the policy pack by email.');
    expect(existsSync(join(root, 'schools/exampleshire-cc/dunmore-foundation-primary-school/complaints-v1.json'))).toBe(true);
    // Everything still checks, adopted versions included.
    expect(run(root, ['check']).code).toBe(0);
  });

  it("publishes them: each school's page with its record from the register, and the council's status, calendar and approvals form", () => {
    const out = join(temporaryFolder(), 'dist');
    const built = run(root, ['build', '--out', out]);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    for (const file of Object.keys(imported)) expect(existsSync(join(out, 'schools', file.slice('exampleshire-cc/'.length, -'.yaml'.length), 'index.html'))).toBe(true);
    const page = readFileSync(join(out, 'schools/st-thereses-catholic-primary-school-brook-end/index.html'), 'utf8');
    expect(page).toContain('<a class="govuk-link" href="https://get-information-schools.service.gov.uk/Establishments/Establishment/Details/190002">190002 (the school’s record on Get Information About Schools)</a>');
    expect(page).toContain('2 Church Road, Brook End EX2 2BB');
    expect(page).toContain('Mr Ben Baker, Head Teacher');
    const closed = readFileSync(join(out, 'schools/dunmore-foundation-primary-school/index.html'), 'utf8');
    expect(closed).toContain('The register records this school as closed on 31 August 2026.');
    const publisherPage = readFileSync(join(out, 'publishers/exampleshire-cc/index.html'), 'utf8');
    for (const file of ['status.csv', 'reviews.ics', 'approvals.csv']) expect(publisherPage).toContain(`href="/publishers/exampleshire-cc/${file}"`);
    expect(publisherPage).toMatch(/Dunmore Foundation Primary School<\/a>\s*<strong class="govuk-tag govuk-tag--grey app-tag-inline">Closed<\/strong>/);
    // What the register gives is shown among the school's details, marked as the register's.
    expect(page).toContain('2 Church Road, Brook End EX2 2BB (from the register of schools)');
    // The site's status is the command's, as of the build's day; the calendar has the open school's review, not the closed one's.
    expect(readFileSync(join(out, 'publishers/exampleshire-cc/status.csv'), 'utf8')).toBe(run(root, ['status', '--publisher', 'exampleshire-cc', '--format', 'csv']).stdout);
    const calendar = readFileSync(join(out, 'publishers/exampleshire-cc/reviews.ics'), 'utf8');
    expect(calendar).toContain('UID:ashcombe-community-primary-school/social-media/v1/review@');
    expect(calendar).not.toContain('dunmore-foundation-primary-school');
    expect(readFileSync(join(out, 'publishers/exampleshire-cc/approvals.csv'), 'utf8')).toBe(run(root, ['adopt', '--template', '--publisher', 'exampleshire-cc']).stdout);
  });
});

describe('policy adopt --from and policy status', () => {
  let root: string;
  let template: string;
  beforeAll(() => {
    root = councilProject();
    expect(run(root, ['import', 'gias', join(gias, 'extract-2026-11.csv'), '--publisher', 'exampleshire-cc']).code).toBe(0);
    template = run(root, ['adopt', '--template', '--publisher', 'exampleshire-cc']).stdout;
  });

  /** The template with every row's approval filled in, the third row's with `bad` instead. */
  function filled(bad?: Partial<Record<'approved' | 'reviewCycle', string>>): string {
    const [header, ...rows] = template.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    const columns = header!.split(',');
    return [
      header,
      ...rows.map((row, index) => {
        // The template's cells hold no quotes or commas but the St Thérèse name, which is quoted.
        const cells = row.match(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)!.map((cell) => cell.replace(/,$/, '')).slice(0, columns.length);
        const set = (column: string, value: string) => (cells[columns.indexOf(column)] = value);
        set('approved', `2026-11-${String(10 + index).padStart(2, '0')}`);
        set('approvedBy', index === 0 ? '=HYPERLINK("http://example.org")' : 'Full governing body');
        set('minute', `FGB item ${index + 1}`);
        set('signedBy', '"Jane Smith, Chair of Governors; Headteacher"');
        set('reviewCycle', index % 2 === 0 ? '2 years' : '1 year');
        if (index === 2 && bad) for (const [column, value] of Object.entries(bad)) set(column, value);
        return cells.join(',');
      }),
    ].join('\r\n');
  }

  it('gives a template with a row for each policy of each school', () => {
    const lines = template.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('school,urn,name,policy,release,approved,approvedBy,minute,signedBy,reviewCycle,nextReview');
    expect(lines).toHaveLength(1 + 5 * 2);
    expect(lines).toContain('ashcombe-community-primary-school,190001,Ashcombe Community Primary School,social-media,2026-09,,,,,,');
  });

  it('writes nothing when one row is bad, and names that row and its column', () => {
    const before = fingerprints(join(root, 'schools'));
    writeFileSync(join(root, 'bad.csv'), filled({ reviewCycle: 'fortnightly' }));
    const refused = run(root, ['adopt', '--from', join(root, 'bad.csv')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bad\.csv:4:\d+ reviewCycle is "fortnightly": expected a period such as "1 year", "2 years" or "18 months"/);
    expect(refused.stderr).toContain('Nothing was recorded');
    expect(fingerprints(join(root, 'schools'))).toEqual(before);
  });

  it('records every approval at once, and policy status lists each with its next review', () => {
    writeFileSync(join(root, 'approvals.csv'), filled());
    const recorded = run(root, ['adopt', '--from', join(root, 'approvals.csv')]);
    expect(recorded.stderr).toBe('');
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toContain('Recorded 10 approvals');
    const history = JSON.parse(run(root, ['history', 'coldwell-church-of-england-primary-school', '--policy', 'complaints', '--format', 'json']).stdout);
    expect(history.versions).toMatchObject([{ version: 1, release: '2026-11', approvedBy: 'Full governing body', signedBy: [{ name: 'Jane Smith', role: 'Chair of Governors' }, { name: null, role: 'Headteacher' }] }]);

    const status = run(root, ['status', '--format', 'csv']);
    expect(status.code).toBe(0);
    const rows = status.stdout.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(rows[0]).toBe('publisher,school,urn,schoolName,policy,title,version,release,approved,approvedBy,nextReview,status,example');
    expect(rows).toHaveLength(11);
    // Schools by name; each row's next review is its approval plus its cycle; a formula is neutralised.
    expect(rows[1]).toBe(`exampleshire-cc,ashcombe-community-primary-school,190001,Ashcombe Community Primary School,social-media,Social Media Policy,1,2026-09,2026-11-10,"'=HYPERLINK(""http://example.org"")",2028-11-10,current,yes`);
    expect(rows[2]).toBe('exampleshire-cc,ashcombe-community-primary-school,190001,Ashcombe Community Primary School,complaints,Complaints Procedure,1,2026-11,2026-11-11,Full governing body,2027-11-11,current,yes');
    expect(rows.slice(1).every((row) => /,1,2026-\d\d,2026-11-\d\d,[^,]*,202[78]-11-\d\d,current,yes$/.test(row))).toBe(true);
  });

  it('chases a school that never adopted a policy, and leaves out one that closed', () => {
    const root2 = councilProject();
    expect(run(root2, ['import', 'gias', join(gias, 'extract-2026-11.csv'), '--publisher', 'exampleshire-cc']).code).toBe(0);
    expect(run(root2, ['import', 'gias', join(gias, 'extract-2026-12.csv'), '--publisher', 'exampleshire-cc']).code).toBe(0);
    const text = run(root2, ['status', '--publisher', 'exampleshire-cc']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('8 policies of 4 schools, on 2 December 2026 (1 closed school left out).');
    expect(text.stdout).toContain('never adopted: 8');
    const json = JSON.parse(run(root2, ['status', '--format', 'json']).stdout);
    expect(json.policies.map((row: { school: string }) => row.school)).not.toContain('dunmore-foundation-primary-school');
    expect(new Set(json.policies.map((row: { status: string }) => row.status))).toEqual(new Set(['not-adopted']));
  });
});

describe('a name the register\'s download could not spell', () => {
  it('is imported with a note, and keeps the spelling it is corrected to when the extract is imported again', () => {
    const root = councilProject();
    const args = ['import', 'gias', join(gias, 'extract-2026-11.csv'), '--publisher', 'exampleshire-cc', '--la', '699', '--type', 'Welsh establishment'];
    const first = run(root, args);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('schools/exampleshire-cc/ysgol-gynradd-cwm-taf.yaml  URN 190014  Ysgol Gynradd Cwm Ta?f');
    expect(first.stdout).toContain('its name has a "?" where the register\'s download could not hold a letter');
    const file = join(root, 'schools/exampleshire-cc/ysgol-gynradd-cwm-taf.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('name: Ysgol Gynradd Cwm Ta?f', 'name: Ysgol Gynradd Cwm Taŵf'));
    const again = run(root, args);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Unchanged: 1 school.');
    expect(readFileSync(file, 'utf8')).toContain('name: Ysgol Gynradd Cwm Taŵf');
  });
});

describe('a trust\'s import', () => {
  it('takes the open academies of the trust whose name is the publisher\'s, of any type', () => {
    const root = councilProject('example-learning-trust');
    const imported = run(root, ['import', 'gias', join(gias, 'extract-2026-11.csv'), '--publisher', 'example-learning-trust']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain("Importing the establishments of Example Learning Trust (trust TR09001), which has Example Learning Trust's name");
    expect(Object.keys(schoolFiles(root))).toEqual(['example-learning-trust/greenway-academy.yaml']);
    expect(imported.stdout).toMatch(/line 2 {2}URN 190001 {2}Ashcombe Community Primary School: in no trust/);
    const school = readFileSync(join(root, 'schools/example-learning-trust/greenway-academy.yaml'), 'utf8');
    expect(school).toContain('code: TR09001');
    expect(school).toContain('type: Academy converter');
    expect(run(root, ['check']).code).toBe(0);
  });
});
