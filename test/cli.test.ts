import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { policy } from './support/policy-cli.js';
import { projectCopy, temporaryFolder } from './support/project-copy.js';

const laughton = 'schools/east-sussex-cc/laughton-cps.yaml';

function withLaughton(edit: (text: string) => string): string {
  const root = projectCopy();
  const file = join(root, laughton);
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return root;
}

describe('policy check', () => {
  it('passes on this repository', () => {
    const result = policy(['check']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Checked 1 model, 1 publisher and \d+ schools?: no problems\.\n$/);
    expect(result.code).toBe(0);
  });

  it('names the file, the line and the field when a required field is missing', () => {
    const root = withLaughton((text) => text.replace(/^ {2}pupilAges: .*\n/m, ''));
    const result = policy(['check', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${laughton}:4:1 details.pupilAges is required but missing.\n    Add it: The age range of the school's pupils`);
  });

  it('names the file, the line and the misspelt field, and the field it probably meant', () => {
    const root = withLaughton((text) => text.replace('dailyQuotaMinutes:', 'dailyQuotaMinuts:'));
    const result = policy(['check', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${laughton}:9:5 details.personalUse.dailyQuotaMinuts is not a known field of the Social Media Policy's school details.\n    Did you mean details.personalUse.dailyQuotaMinutes?`,
    );
  });
});

describe('policy build', () => {
  it('writes nothing when a check fails, and leaves the earlier output as it was', () => {
    const root = withLaughton((text) => text.replace('reviewed:', 'reveiwed:'));
    const out = join(temporaryFolder(), 'dist');
    mkdirSync(out);
    writeFileSync(join(out, 'index.html'), 'the earlier site');
    const result = policy(['build', '--root', root, '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${laughton}:3:1 reveiwed is not a known field of a school file.\n    Did you mean reviewed?`);
    expect(result.stderr).toContain('Nothing was built;');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('the earlier site');
    expect(readdirSync(out)).toEqual(['index.html']);
    expect(readdirSync(join(out, '..'))).toEqual(['dist']);
  });
});

describe('policy render', () => {
  it('prints the whole policy as text, from the title to the last line of the form', () => {
    const { stdout, code } = policy(['render', 'laughton-cps', '--format', 'txt']);
    expect(code).toBe(0);
    expect(stdout.startsWith('Laughton Community Primary School\nSocial Media Policy\nReviewed November 2017\n')).toBe(true);
    expect(stdout).toContain('\n6.13 Laughton Community Primary School only permits limited personal use of social media while at work. Access to social media sites for personal reasons is not allowed between 8:45am and 4:00pm. There is a daily quota of 30 minutes');
    expect(stdout.trimEnd().endsWith('    Date: ________________________________________')).toBe(true);
  });

  it('prints Markdown and HTML, and writes a PDF to a file', () => {
    const markdown = policy(['render', 'laughton-cps', '--format', 'md']);
    expect(markdown.stdout).toContain('## 1 Introduction\n\n**1.1** The internet provides');
    const html = policy(['render', 'laughton-cps', '--format', 'html']);
    expect(html.stdout).toContain('<title>Social Media Policy – Laughton Community Primary School</title>');
    const file = join(temporaryFolder(), 'laughton.pdf');
    const pdf = policy(['render', 'laughton-cps', '--format', 'pdf', '--out', file]);
    expect(pdf.code).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('suggests the school a user probably meant', () => {
    const result = policy(['render', 'laughton', '--format', 'txt']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('There is no school with the id "laughton".');
  });
});
