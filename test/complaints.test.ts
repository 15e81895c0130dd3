import { describe, expect, it } from 'vitest';
import { policy } from './support/policy-cli.js';

/** A school's (or blank template's) complaints procedure as plain text, as `policy render` prints it. */
function complaints(id: string): string {
  const rendered = policy(['render', id, '--policy', 'complaints', '--format', 'txt']);
  expect(rendered.stderr).toBe('');
  expect(rendered.code).toBe(0);
  return rendered.stdout;
}

/**
 * The law each governance gets, and the words that belong only to the others: a school's procedure
 * must never send a complainant down another variant's route.
 */
const law = {
  maintainedEngland: {
    ids: ['laughton-cps', 'twiss-green-cps', 'east-sussex-cc-template', 'twiss-green-template'],
    names: [
      'section 29 of the Education Act 2002',
      "the Department for Education's Best practice guidance for school complaints procedures",
      'Stage 2: the governors\' complaints panel',
      'at least three governors who have not been involved',
      "the Department for Education's School Complaints Unit, online at https://www.gov.uk/complain-about-school",
    ],
  },
  wales: {
    ids: ['merthyr-tydfil-template', 'example-primary'],
    names: ['section 29 of the Education Act 2002', "Welsh Government's guidance", 'Stage A', 'Stage B', "Stage C: the governing body's complaints committee", 'Public Services Ombudsman for Wales'],
  },
  academy: {
    ids: ['evendons-primary', 'example-academy', 'bellevue-place-template', 'life-mat', 'life-template', 'example-primary-academy', 'example-mat-template'],
    names: [
      'Part 7 of the Schedule to the Education (Independent School Standards) Regulations 2014',
      'at least three people who were not directly involved',
      'independent of the management and running of the school',
      'https://www.gov.uk/complain-about-school',
    ],
  },
};

/** Words that name one variant's law or route, and so must appear in no other variant's procedure. */
const onlyIn = {
  maintainedEngland: ['School Complaints Unit', 'Best practice guidance for school complaints procedures', "governors' complaints panel"],
  wales: ['Welsh Government', 'Ombudsman', 'Stage C', "governing body's complaints committee"],
  academy: ['Independent School Standards', 'independent of the management and running of the school', 'Education and Skills Act 2008'],
};

describe('the Complaints Procedure gives each governance its own law', () => {
  for (const [variant, { ids, names }] of Object.entries(law) as [keyof typeof law, (typeof law)[keyof typeof law]][]) {
    for (const id of ids) {
      it(`${id} (${variant}) names its own law and route, and no other variant's`, () => {
        const text = complaints(id);
        for (const name of names) expect(text, name).toContain(name);
        for (const [other, words] of Object.entries(onlyIn)) {
          if (other === variant) continue;
          for (const word of words) expect(text, `${id} must not say "${word}" (${other})`).not.toContain(word);
        }
        if (variant !== 'maintainedEngland' && variant !== 'wales') expect(text).not.toContain('section 29');
        if (variant === 'wales') expect(text).not.toContain('Department for Education');
      });
    }
  }

  it("a maintained school's final stage is its governing body, an academy's panel has a member independent of the school, a Welsh school's ends with its committee", () => {
    expect(complaints('laughton-cps')).toContain('The panel is made up of at least three governors who have not been involved in the matters you complain about');
    expect(complaints('laughton-cps')).toContain("The panel's decision is the last stage of this procedure.");
    const academy = complaints('evendons-primary');
    expect(academy).toMatch(/at least three people who were not directly involved in the matters[^.]*, and one of them is independent of the management and running of the school/);
    // Parents may attend the hearing and be accompanied (paragraph 33(g) of the 2014 Regulations).
    expect(academy).toContain('You may attend the meeting, explain your complaint and bring someone to support you.');
    expect(academy).toContain('complaints panel appointed on behalf of the Trust Board');
    const wales = complaints('example-primary');
    expect(wales).toContain("The complaints committee's decision is the end of the school's procedure.");
  });

  it("fills each school's own details and timescales, and leaves blanks only in a publisher's template", () => {
    const school = complaints('example-primary');
    expect(school).toContain('within 15 school days');
    expect(school).toContain('Sam Jones');
    expect(school).not.toContain('[insert');
    for (const id of ['laughton-cps', 'evendons-primary', 'life-mat', 'twiss-green-cps']) expect(complaints(id)).not.toContain('[insert');
    const template = complaints('merthyr-tydfil-template');
    expect(template).toContain('[insert school name]');
    expect(complaints('laughton-cps')).toContain('Stage 1: a formal complaint to the executive headteacher');
  });

  it('each seed school has adopted it once, beside its social media policy', () => {
    for (const id of ['laughton-cps', 'evendons-primary', 'life-mat', 'twiss-green-cps']) {
      const history = policy(['history', id, '--policy', 'complaints', '--format', 'json']);
      expect(history.code).toBe(0);
      const versions = (JSON.parse(history.stdout) as { policy: string; versions: { id: string; release: string }[] });
      expect(versions.policy).toBe('complaints');
      expect(versions.versions.map((version) => `${version.id} ${version.release}`)).toEqual(['v1 2026-11']);
    }
  });
});
