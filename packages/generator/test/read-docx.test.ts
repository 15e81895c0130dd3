import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { bookmarkName, readPolicyDocx } from '../src/index.js';

/** A Word document as Word saves one: the body given, and the custom properties a policy's document has (or none). */
function docx(body: string, properties = true): Uint8Array {
  const property = (pid: number, name: string, value: string) =>
    `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="${pid}" name="${name}"><vt:lpwstr>${value}</vt:lpwstr></property>`;
  const custom = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">${property(2, 'Policy school', 'oak-primary')}${property(3, 'Policy model', 'phones')}${property(4, 'Policy version', 'draft')}${property(5, 'Policy release', '2026-10')}</Properties>`;
  const rels = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://www.gov.uk/guidance?a=1&amp;b=2" TargetMode="External"/></Relationships>';
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>${body}</w:body></w:document>`;
  return zipSync({
    'word/document.xml': strToU8(document),
    'word/_rels/document.xml.rels': strToU8(rels),
    ...(properties ? { 'docProps/custom.xml': strToU8(custom) } : {}),
  });
}

const heading = (text: string) => `<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;
const clause = (id: string, runs: string) =>
  `<w:p><w:pPr><w:pStyle w:val="Clause"/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr>${runs}<w:bookmarkStart w:name="${bookmarkName(id)}" w:id="0"/><w:bookmarkEnd w:id="0"/></w:p>`;
const run = (text: string, look = '') => `<w:r>${look ? `<w:rPr>${look}</w:rPr>` : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`;

describe("reading back a policy's Word document", () => {
  it('reads its properties, and cuts its body into headings and the clauses its bookmarks mark', () => {
    const read = readPolicyDocx(
      docx(
        heading('Staff use') +
          clause('personal-calls', run('Staff may call ') + run('at lunch', '<w:b/>') + run(', as ') + `<w:hyperlink r:id="rId7">${run('the guidance')}</w:hyperlink>` + run(' says.')) +
          `<w:p><w:pPr><w:pStyle w:val="ClauseContinued"/></w:pPr>${run('A second paragraph, ')}${run('in italics', '<w:i/><w:iCs/>')}${run(' & more.')}</w:p>` +
          `<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="9"/></w:numPr></w:pPr>${run('a list item')}</w:p>` +
          `<w:p><w:pPr><w:pStyle w:val="Clause"/></w:pPr>${run('A clause the school added.')}</w:p>`,
      ),
    );
    if ('notOurs' in read) throw new Error(read.notOurs);
    expect(read.properties).toEqual({ school: 'oak-primary', policy: 'phones', version: 'draft', release: '2026-10' });
    expect(read.pieces).toEqual([
      { kind: 'heading', text: 'Staff use' },
      {
        kind: 'clause',
        bookmark: '_personal_calls',
        paragraphs: ['Staff may call **at lunch**, as [the guidance](https://www.gov.uk/guidance?a=1&b=2) says.', 'A second paragraph, *in italics* & more.', '- a list item'],
      },
      { kind: 'new-clause', paragraphs: ['A clause the school added.'] },
    ]);
  });

  it('reads tracked changes as accepted: an insertion kept, a deletion left out', () => {
    const read = readPolicyDocx(
      docx(
        heading('Staff use') +
          clause(
            'in-lessons',
            run('Phones stay ') +
              `<w:del w:id="1" w:author="Head" w:date="2026-11-01T00:00:00Z"><w:r><w:delText>in bags</w:delText></w:r></w:del>` +
              `<w:ins w:id="2" w:author="Head" w:date="2026-11-01T00:00:00Z">${run('in lockers')}</w:ins>` +
              run('.'),
          ),
      ),
    );
    if ('notOurs' in read) throw new Error(read.notOurs);
    expect(read.pieces[1]).toEqual({ kind: 'clause', bookmark: '_in_lessons', paragraphs: ['Phones stay in lockers.'] });
  });

  it('keeps what Markdown would read as markup as text', () => {
    const read = readPolicyDocx(docx(heading('Staff use') + clause('in-lessons', run('1. Use *no* &lt;b&gt;tags&lt;/b&gt; [here]'))));
    if ('notOurs' in read) throw new Error(read.notOurs);
    expect(read.pieces[1]).toMatchObject({ paragraphs: ['1\\. Use \\*no\\* \\<b\\>tags\\</b\\> \\[here\\]'] });
  });

  it('says why a file is not one of ours', () => {
    expect(readPolicyDocx(strToU8('not a zip'))).toEqual({ notOurs: 'it is not a Word document (.docx): it cannot be opened as one' });
    expect(readPolicyDocx(zipSync({ 'a.txt': strToU8('a') }))).toEqual({ notOurs: 'it is not a Word document (.docx): it has no word/document.xml' });
    expect(readPolicyDocx(docx(heading('Staff use'), false))).toMatchObject({ notOurs: expect.stringContaining("it is not a policy's Word document made by policy render or the site") });
  });

  it('names every clause within the 40 characters Word allows, each name its own', () => {
    expect(bookmarkName('personal-calls')).toBe('_personal_calls');
    const long = 'a-clause-id-that-is-far-too-long-for-a-word-bookmark';
    expect(bookmarkName(long)).toHaveLength(40);
    expect(bookmarkName(long)).not.toBe(bookmarkName(`${long}-2`));
    expect(bookmarkName(long)).toMatch(/^_[A-Za-z0-9_]+$/);
  });
});
