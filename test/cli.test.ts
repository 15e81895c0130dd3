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
    expect(result.stdout).toMatch(/^Checked \d+ models? \(\d+ releases\), \d+ publishers? and \d+ schools? \(\d+ adopted versions\): no problems\.\n$/);
    expect(result.code).toBe(0);
  });

  it('names the file, the line and the field when a required field is missing', () => {
    const root = withLaughton((text) => text.replace(/^ {2}pupilAges: .*\n/m, ''));
    const result = policy(['check', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${laughton}:9:5 policies.social-media.details.pupilAges is required but missing.\n    Add it: The age range of the school's pupils`);
  });

  it('names the file, the line and the misspelt field, and the field it probably meant', () => {
    const root = withLaughton((text) => text.replace('dailyQuotaMinutes:', 'dailyQuotaMinuts:'));
    const result = policy(['check', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${laughton}:14:9 policies.social-media.details.personalUse.dailyQuotaMinuts is not a known field of the Social Media Policy's school details.\n    Did you mean policies.social-media.details.personalUse.dailyQuotaMinutes?`,
    );
  });
});

describe('policy check: modules, alternatives and variants', () => {
  it('rejects a module the model does not have, naming the file, the field and the valid choices', () => {
    const root = withLaughton((text) => text.replace('    reviewed: 2026-10\n', '    reviewed: 2026-10\n    modules:\n      - parent-code\n'));
    const result = policy(['check', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`${laughton}:11:9 policies\\.social-media\\.modules\\[0\\] names the module "parent-code", which the model does not have\\.\n    Did you mean "parents-code"\\? The modules are: publisher-commitment, roles, `),
    );
  });

  it('rejects an alternative that a choice does not offer, listing the ones it does', () => {
    const root = withLaughton((text) => text.replace('      personalUse:\n', '      personalUse:\n        atWork: weekends\n'));
    const result = policy(['check', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${laughton}:12:17 policies.social-media.details.personalUse.atWork is not valid: expected one of: set-hours, breaks-only, not-at-work.`);
  });

  it("rejects a school whose variant is not its publisher's, naming the valid choices", () => {
    const root = withLaughton((text) => text.replace('name: Laughton Community Primary School\n', 'name: Laughton Community Primary School\nvariant: trust\n'));
    const result = policy(['check', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${laughton}:3:10 variant is trust, but the school's publisher, East Sussex County Council, is la.\n    The variants are la, trust and mat, and a school takes its publisher's: write variant: la, remove the line, or move the school to a publisher of its own variant.`,
    );
  });
});

describe('policy params', () => {
  it("lists each parameter with its type, whether it is required, who sets it, its description and an example, and what a publisher has set", () => {
    const result = policy(['params', '--publisher', 'merthyr-tydfil', '--policy', 'social-media']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('personalUse.atWork  choice, required, set by each school\n    When staff may use social media for personal reasons while at work.\n    - set-hours:');
    expect(result.stdout).toContain("    Merthyr Tydfil County Borough Council's default: breaks-only");
    expect(result.stdout).toContain('employer.short  string, required, set by the publisher');
    expect(result.stdout).toContain('    Set by Merthyr Tydfil County Borough Council: MTCBC');
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
    expect(result.stderr).toContain(`${laughton}:9:5 policies.social-media.reveiwed is not a known field of a school file.\n    Did you mean policies.social-media.reviewed?`);
    expect(result.stderr).toContain('Nothing was built;');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('the earlier site');
    expect(readdirSync(out)).toEqual(['index.html']);
    expect(readdirSync(join(out, '..'))).toEqual(['dist']);
  });
});

describe('policy render', () => {
  it('prints the whole policy as text, from the title to the last line of the form', () => {
    const { stdout, code } = policy(['render', 'laughton-cps', '--policy', 'social-media', '--format', 'txt']);
    expect(code).toBe(0);
    // Without --version, a school's current adopted version: Laughton's second, of October 2026.
    expect(stdout.startsWith('Laughton Community Primary School\nSocial Media Policy\nReviewed October 2026\n')).toBe(true);
    expect(stdout).toContain('\n6.13 Laughton Community Primary School only permits limited personal use of social media while at work. Access to social media sites for personal reasons is not allowed between 8:45am and 4:00pm. There is a daily quota of 30 minutes');
    expect(stdout.trimEnd().endsWith('    Date: ________________________________________')).toBe(true);
    const first = policy(['render', 'laughton-cps', '--policy', 'social-media', '--version', 'v1', '--format', 'txt']);
    expect(first.stdout.startsWith('Laughton Community Primary School\nSocial Media Policy\nReviewed November 2017\n')).toBe(true);
    expect(first.stdout).toContain('the Data Protection Act 1998.');
    expect(stdout).not.toContain('the Data Protection Act 1998.');
  });

  it('prints Markdown and HTML, and writes a PDF to a file', () => {
    const markdown = policy(['render', 'laughton-cps', '--policy', 'social-media', '--format', 'md']);
    expect(markdown.stdout).toContain('## 1 Introduction\n\n**1.1** The internet provides');
    const html = policy(['render', 'laughton-cps', '--policy', 'social-media', '--format', 'html']);
    expect(html.stdout).toContain('<title>Social Media Policy – Laughton Community Primary School</title>');
    const file = join(temporaryFolder(), 'laughton.pdf');
    const pdf = policy(['render', 'laughton-cps', '--policy', 'social-media', '--format', 'pdf', '--out', file]);
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
