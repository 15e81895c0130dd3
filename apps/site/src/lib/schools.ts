import { buildDate, reviewState, type AdoptedVersion, type Publisher, type ReviewState, type School } from '@school-policy/core';
import { currentSchoolPolicies, type SitePolicy } from './policies';

/** A school as the site lists it: its current policy and where that stands against its review date. */
export interface SiteSchool {
  school: School;
  publisher: Publisher;
  /** The school's page. */
  href: string;
  /** Its current policy, for each model its publisher uses. */
  policy: SitePolicy;
  /** The version in force; none before the first adoption. */
  adoption: AdoptedVersion | undefined;
  review: ReviewState;
}

/** The day review statuses are worked out for: the build's date (SOURCE_DATE_EPOCH, or today). */
export const statusDate = buildDate();

let schools: SiteSchool[] | undefined;

/** Every school, by name. */
export function siteSchools(): SiteSchool[] {
  schools ??= currentSchoolPolicies()
    .map((policy): SiteSchool => {
      const school = policy.school!;
      const adoption = school.adoptions.at(-1);
      return { school, publisher: policy.publisher, href: schoolHref(school.id), policy, adoption, review: reviewState(adoption, statusDate) };
    })
    .sort((a, b) => a.school.name.localeCompare(b.school.name, 'en-GB'));
  return schools;
}

/** `/schools/laughton-cps/`. */
export function schoolHref(id: string): string {
  return `/schools/${id}/`;
}

export { publisherHref } from './feeds';
