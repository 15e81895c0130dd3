import { appendFileSync, cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures } from './support/paths.js';
import { policy } from './support/policy-cli.js';
import { projectCopy, temporaryFolder } from './support/project-copy.js';

/** The build's date, fixed so that review statuses do not depend on the day the test runs: 1 December 2026. */
const buildDay = { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 11, 1) / 1000) };

/**
 * A made-up third model (test/fixtures/third-policy: a lettings policy of two clauses) is added
 * to a copy of the project as a publisher would add one: its files in templates/, published, then
 * named in a publisher's file and filled in by a school. No code knows of it.
 */
describe('a third policy, added without changing the code', () => {
  const root = projectCopy();
  const socialMediaBefore = policy(['render', 'laughton-cps', '--policy', 'social-media', '--format', 'txt', '--root', root]).stdout;
  cpSync(join(fixtures, 'third-policy/templates/lettings'), join(root, 'templates/lettings'), { recursive: true });

  it('is published, taken up by East Sussex, and refused until Laughton fills in its required detail', () => {
    const published = policy(['publish', 'lettings', '2026-10', '--root', root]);
    expect(published.stderr).toBe('');
    expect(published.code).toBe(0);
    appendFileSync(join(root, 'schools/east-sussex-cc/publisher.yaml'), '  lettings:\n    releases:\n      - release: 2026-10\n        since: 2026-10-01\n');
    const check = policy(['check', '--root', root], { env: buildDay });
    expect(check.code).toBe(1);
    // Every school of East Sussex now has the policy, and must say who takes bookings.
    expect(check.stderr).toContain('schools/east-sussex-cc/laughton-cps.yaml');
    expect(check.stderr).toContain('policies.lettings.details.lettings.contact is required but missing.');
    appendFileSync(join(root, 'schools/east-sussex-cc/laughton-cps.yaml'), '  lettings:\n    details:\n      lettings:\n        contact: the school business manager\n');
    const again = policy(['check', '--root', root], { env: buildDay });
    expect(again.stderr).toBe('');
    expect(again.stdout).toMatch(/^Checked 3 models \(\d+ releases\), 6 publishers and 7 schools/);
  });

  it('is listed, rendered and adopted like any other, beside the school\'s other policies', () => {
    const list = policy(['list', '--root', root]).stdout;
    expect(list).toMatch(/^east-sussex-cc-template +lettings +East Sussex County Council: blank template of its Lettings Policy for its schools, release 2026-10$/m);
    expect(list).toMatch(/^laughton-cps +lettings +Laughton Community Primary School \(East Sussex County Council\): not yet adopted$/m);
    expect(list).toMatch(/^evendons-primary +social-media /m);
    expect(list).not.toMatch(/^evendons-primary +lettings/m);

    const text = policy(['render', 'laughton-cps', '--policy', 'lettings', '--format', 'txt', '--root', root]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Lettings Policy');
    expect(text.stdout).toContain('1.1 Laughton Community Primary School lets its hall and field to local groups outside school hours');
    expect(text.stdout).toContain('1.2 Bookings are made with the school business manager, and every hirer signs the terms of hire');

    // With three policies, a command about one of them needs to be told which.
    const unnamed = policy(['render', 'laughton-cps', '--format', 'txt', '--root', root]);
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toContain('laughton-cps has 3 policies (social-media, complaints, lettings): name one with --policy, for example: policy render laughton-cps --policy social-media --format txt');

    const adopted = policy(['adopt', 'laughton-cps', '--policy', 'lettings', '--approved', '2026-11-20', '--by', 'Full governing body', '--cycle', '1 year', '--root', root], { env: buildDay });
    expect(adopted.stderr).toBe('');
    expect(adopted.stdout).toContain('Recorded laughton-cps lettings v1: release 2026-10, approved 20 November 2026.');
    expect(existsSync(join(root, 'schools/east-sussex-cc/laughton-cps/lettings-v1.json'))).toBe(true);
    const history = policy(['history', 'laughton-cps', '--policy', 'lettings', '--root', root]).stdout;
    expect(history).toContain('Laughton Community Primary School (laughton-cps), Lettings Policy (lettings): adopted versions, oldest first');
    expect(history).toMatch(/^v1 \(current\) +20 November 2026 +2026-10 +Full governing body/m);
    // The school's other policies are as they were.
    expect(policy(['render', 'laughton-cps', '--policy', 'social-media', '--format', 'txt', '--root', root]).stdout).toBe(socialMediaBefore);
    expect(policy(['history', 'laughton-cps', '--policy', 'social-media', '--root', root]).stdout).toMatch(/^v2 \(current\)/m);
  });

  it('has its pages, PDF and Word document on the site, and the school page lists it with its status', () => {
    const out = temporaryFolder();
    const built = policy(['build', '--root', root, '--out', out], { env: buildDay });
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    for (const file of ['schools/laughton-cps/lettings/index.html', 'schools/laughton-cps/lettings/laughton-cps-lettings.pdf', 'schools/laughton-cps/lettings/laughton-cps-lettings.docx', 'publishers/east-sussex-cc/lettings/index.html']) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    const page = readFileSync(join(out, 'schools/laughton-cps/index.html'), 'utf8');
    expect(page).toMatch(/<div class="app-policy-card" data-policy="lettings">.*?Lettings Policy.*?>Current<\/strong>/s);
    expect(page).toContain('data-policy="social-media"');
    expect(page).toContain('data-policy="complaints"');
    const policyPage = readFileSync(join(out, 'schools/laughton-cps/lettings/index.html'), 'utf8');
    expect(policyPage).toContain('Bookings are made with the school business manager');
  }, 300_000);
});
