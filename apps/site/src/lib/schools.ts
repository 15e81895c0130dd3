import { buildDate, reviewState, reviewStatuses, type AdoptedVersion, type Publisher, type ReviewState, type School } from '@school-policy/core';
import { currentSchoolPolicies, loadSiteProject, type SitePolicy } from './policies';

/** One policy of a school as the site lists it: its current policy and where that stands against its review date. */
export interface SiteSchoolPolicy {
  school: School;
  publisher: Publisher;
  /** The school's page. */
  href: string;
  /** The model's id and the policy's title. */
  model: string;
  title: string;
  /** Its current policy. */
  policy: SitePolicy;
  /** The version in force; none before the first adoption. */
  adoption: AdoptedVersion | undefined;
  review: ReviewState;
}

/** A school as the site lists it: each of its policies, in its publisher's order. */
export interface SiteSchool {
  school: School;
  publisher: Publisher;
  href: string;
  policies: SiteSchoolPolicy[];
  /** The status that needs attention first among its policies: overdue before due, and so on. */
  review: ReviewState;
}

/** The day review statuses are worked out for: the build's date (SOURCE_DATE_EPOCH, or today). */
export const statusDate = buildDate();

let schools: SiteSchool[] | undefined;
let rows: SiteSchoolPolicy[] | undefined;

/** Every (school, policy), by school name, then in the publisher's order of its policies. */
export function siteSchoolPolicies(): SiteSchoolPolicy[] {
  if (!rows) {
    const project = loadSiteProject();
    rows = currentSchoolPolicies()
      .map((policy): SiteSchoolPolicy => {
        const school = project.schools.get(policy.school!.id)!;
        const publisher = project.publishers.get(school.publisher)!;
        const adoption = policy.school!.adoptions.at(-1);
        return { school, publisher, href: schoolHref(school.id), model: policy.model, title: policy.policy.model.title, policy, adoption, review: reviewState(adoption, statusDate) };
      })
      .sort((a, b) => a.school.name.localeCompare(b.school.name, 'en-GB') || [...a.school.policies.keys()].indexOf(a.model) - [...b.school.policies.keys()].indexOf(b.model));
  }
  return rows;
}

/** Every school, by name, with its policies. */
export function siteSchools(): SiteSchool[] {
  if (!schools) {
    const bySchool = new Map<string, SiteSchoolPolicy[]>();
    for (const row of siteSchoolPolicies()) bySchool.set(row.school.id, [...(bySchool.get(row.school.id) ?? []), row]);
    schools = [...bySchool.values()].map((policies): SiteSchool => {
      const first = policies[0]!;
      const review = [...policies].sort((a, b) => reviewStatuses.indexOf(a.review.status) - reviewStatuses.indexOf(b.review.status))[0]!.review;
      return { school: first.school, publisher: first.publisher, href: first.href, policies, review };
    });
  }
  return schools;
}

/** `/schools/laughton-cps/`. */
export function schoolHref(id: string): string {
  return `/schools/${id}/`;
}

export { publisherHref } from './feeds';
