import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { policy } from './support/policy-cli.js';
import { temporaryFolder } from './support/project-copy.js';

/** Seconds since 1970 at the start of a day, as SOURCE_DATE_EPOCH gives the build's date. */
const epoch = (date: string) => String(Date.parse(`${date}T00:00:00Z`) / 1000);

/** Each (school, policy)'s review status on the schools index of a site built on `date`, by `<school> <policy>`. */
function statusesOn(date: string): { html: string; statuses: Record<string, string> } {
  const out = join(temporaryFolder(), 'dist');
  const built = policy(['build', '--out', out], { env: { SOURCE_DATE_EPOCH: epoch(date) } });
  expect(built.stderr).toBe('');
  expect(built.code).toBe(0);
  const html = readFileSync(join(out, 'schools/index.html'), 'utf8');
  const statuses = Object.fromEntries(
    [...html.matchAll(/<tr class="govuk-table__row" data-publisher="[^"]+" data-variant="[^"]+" data-status="([^"]+)" data-policy="([^"]+)">\s*<th scope="row" class="govuk-table__header"><a class="govuk-link" href="\/schools\/([^/]+)\/">/g)].map(
      ([, status, model, school]) => [`${school!} ${model!}`, status!],
    ),
  );
  return { html, statuses };
}

describe('review status, from the adoption records against the build date', () => {
  it('marks reviews due within three months, and overdue once their date has passed', () => {
    // Social media: Twiss Green's v2 is due for review on 20 October 2027; Evendons on 6 October
    // 2028; Laughton on 14 October 2028; LiFE on 3 November 2028, more than three months after 1
    // August 2028. Complaints: Twiss Green's v1 on 17 November 2027 (a one-year cycle); the others
    // in November 2028, more than three months away. Each policy has its own status.
    const { html, statuses } = statusesOn('2028-08-01');
    expect(statuses).toEqual({
      'evendons-primary social-media': 'due',
      'evendons-primary complaints': 'current',
      'example-academy social-media': 'not-adopted',
      'example-academy complaints': 'not-adopted',
      'example-primary-academy social-media': 'not-adopted',
      'example-primary-academy complaints': 'not-adopted',
      'example-primary social-media': 'not-adopted',
      'example-primary complaints': 'not-adopted',
      'laughton-cps social-media': 'due',
      'laughton-cps complaints': 'current',
      'life-mat social-media': 'current',
      'life-mat complaints': 'current',
      'twiss-green-cps social-media': 'overdue',
      'twiss-green-cps complaints': 'overdue',
    });
    expect(html).toContain('Review status on 1 August 2028, the day this site was built.');
    expect(html).toMatch(/Review overdue <span class="app-secondary-inline">\(2\)<\/span>/);
  });
});
