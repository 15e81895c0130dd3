import { addressLine, buildDate, headName, registerUrl, reviewState, reviewStatuses, safeUrl, type AdoptedVersion, type Establishment, type Publisher, type ReviewState, type ReviewStatus, type School } from '@school-policy/core';
import type { SummaryRow } from '../components/SummaryList.astro';
import { currentSchoolPolicies, loadSiteProject, type SitePolicy } from './policies';
import { phrase, words } from './words';

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

/** Names in English alphabetical order, as `localeCompare(other, 'en-GB')` orders them, with one collator for every comparison. */
const byName = new Intl.Collator('en-GB').compare;

let schools: SiteSchool[] | undefined;
let rows: SiteSchoolPolicy[] | undefined;
let rowsByPublisher: Map<string, SiteSchoolPolicy[]> | undefined;
let schoolsByPublisher: Map<string, SiteSchool[]> | undefined;

/** Every (school, policy), by school name, then in the publisher's order of its policies. */
export function siteSchoolPolicies(): SiteSchoolPolicy[] {
  if (!rows) {
    const project = loadSiteProject();
    // Where each policy comes in its school's list, so that sorting need not search the list.
    const places = new Map<School, Map<string, number>>();
    const place = (row: SiteSchoolPolicy) => {
      let models = places.get(row.school);
      if (!models) places.set(row.school, (models = new Map([...row.school.policies.keys()].map((model, index) => [model, index]))));
      return models.get(row.model) ?? -1;
    };
    rows = currentSchoolPolicies()
      .map((policy): SiteSchoolPolicy => {
        const school = project.schools.get(policy.school!.id)!;
        const publisher = project.publishers.get(school.publisher)!;
        const adoption = policy.school!.adoptions.at(-1);
        return { school, publisher, href: schoolHref(school.id), model: policy.model, title: policy.title, policy, adoption, review: reviewState(adoption, statusDate) };
      })
      .sort((a, b) => byName(a.school.name, b.school.name) || place(a) - place(b));
  }
  return rows;
}

/** Every school, by name, with its policies. */
export function siteSchools(): SiteSchool[] {
  if (!schools) {
    const bySchool = new Map<string, SiteSchoolPolicy[]>();
    for (const row of siteSchoolPolicies()) {
      const policies = bySchool.get(row.school.id);
      if (policies) policies.push(row);
      else bySchool.set(row.school.id, [row]);
    }
    schools = [...bySchool.values()].map((policies): SiteSchool => {
      const first = policies[0]!;
      // The first of its policies whose status comes first: overdue before due, and so on.
      const review = policies.reduce((found, row) => (reviewStatuses.indexOf(row.review.status) < reviewStatuses.indexOf(found.review.status) ? row : found)).review;
      return { school: first.school, publisher: first.publisher, href: first.href, policies, review };
    });
  }
  return schools;
}

/** Every (school, policy) of one publisher's schools, in the order of `siteSchoolPolicies`. */
export function schoolPoliciesUnder(publisherId: string): SiteSchoolPolicy[] {
  if (!rowsByPublisher) rowsByPublisher = groupByPublisher(siteSchoolPolicies());
  return rowsByPublisher.get(publisherId) ?? [];
}

/** One publisher's schools, by name. */
export function schoolsUnder(publisherId: string): SiteSchool[] {
  if (!schoolsByPublisher) schoolsByPublisher = groupByPublisher(siteSchools());
  return schoolsByPublisher.get(publisherId) ?? [];
}

function groupByPublisher<T extends { publisher: Publisher }>(list: T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const item of list) {
    const group = grouped.get(item.publisher.id);
    if (group) group.push(item);
    else grouped.set(item.publisher.id, [item]);
  }
  return grouped;
}

/** How many of a list of schools' policies stand at each review status. */
export function statusCounts(list: readonly SiteSchoolPolicy[]): Record<ReviewStatus, number> {
  const counts = Object.fromEntries(reviewStatuses.map((status) => [status, 0])) as Record<ReviewStatus, number>;
  for (const row of list) counts[row.review.status] += 1;
  return counts;
}

/** One group of tick boxes of the schools' filters, each box with how many rows it matches. */
export interface FilterGroup {
  name: 'status' | 'policy' | 'publisher' | 'variant';
  legend: string;
  options: { value: string; label: string; count: number }[];
}

/**
 * The filters for a list of schools' policies: by review status, by policy, and, when the list
 * has more than one publisher's schools, by publisher and by type of publisher. Counted in one
 * pass over the list.
 */
export function schoolFilterGroups(list: readonly SiteSchoolPolicy[], publishers?: readonly Publisher[]): FilterGroup[] {
  const statuses = statusCounts(list);
  const titles = new Map<string, string>();
  const byModel = new Map<string, number>();
  const byPublisher = new Map<string, number>();
  const byVariant = new Map<string, number>();
  const add = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const row of list) {
    if (!titles.has(row.model)) titles.set(row.model, row.title);
    add(byModel, row.model);
    add(byPublisher, row.publisher.id);
    add(byVariant, row.publisher.variant);
  }
  const models = [...titles.entries()].sort((a, b) => a[1].localeCompare(b[1], 'en-GB'));
  const groups: FilterGroup[] = [
    { name: 'status', legend: words.schools.filters.status, options: reviewStatuses.map((status) => ({ value: status, label: words.review.status[status], count: statuses[status] })) },
    { name: 'policy', legend: words.schools.filters.policy, options: models.map(([model, title]) => ({ value: model, label: title, count: byModel.get(model) ?? 0 })) },
  ];
  if (!publishers) return groups;
  const variants = (['la', 'trust', 'mat'] as const).filter((variant) => publishers.some((publisher) => publisher.variant === variant));
  return [
    ...groups,
    { name: 'publisher', legend: words.schools.filters.publisher, options: publishers.map((publisher) => ({ value: publisher.id, label: publisher.name, count: byPublisher.get(publisher.id) ?? 0 })) },
    { name: 'variant', legend: words.schools.filters.variant, options: variants.map((variant) => ({ value: variant, label: words.home.variant[variant], count: byVariant.get(variant) ?? 0 })) },
  ];
}

/** A publisher's schools as the schools index lists them when it lists publishers. */
export interface PublisherSchools {
  publisher: Publisher;
  schools: number;
  /** How many of its schools' policies stand at each review status. */
  statuses: Record<ReviewStatus, number>;
}

/** Every publisher, by name, with how many schools it has and where their policies stand. */
export function publisherSchools(): PublisherSchools[] {
  return [...loadSiteProject().publishers.values()]
    .sort((a, b) => byName(a.name, b.name))
    .map((publisher) => ({ publisher, schools: schoolsUnder(publisher.id).length, statuses: statusCounts(schoolPoliciesUnder(publisher.id)) }));
}

/**
 * The most schools the schools index lists in one table, a row for each of their policies, with
 * the filters beside it. With more, the index lists the publishers instead, each with how many
 * schools it has and how many of their policies are overdue or due for review, and each
 * publisher's schools have a list of their own with the same filters (see `schoolsListHref`).
 */
export const schoolsOnOnePage = 100;

/** Whether the site has too many schools to list on one page (more than `schoolsOnOnePage`). */
export function schoolsListedByPublisher(): boolean {
  return siteSchools().length > schoolsOnOnePage;
}

/** The list of one publisher's schools, when the schools index lists publishers: `/schools/by/east-sussex-cc/`. */
export function schoolsListHref(publisherId: string): string {
  return `/schools/by/${publisherId}/`;
}

/** `/schools/laughton-cps/`. */
export function schoolHref(id: string): string {
  return `/schools/${id}/`;
}

export { publisherHref } from './feeds';

/**
 * What the register of schools records of a school, as rows of a summary list: its URN (linking to
 * its record on Get Information About Schools), type, phase, religious character, trust, address,
 * head, website, telephone and age range, each only where the register gives it.
 */
export function registerRows(establishment: Establishment | undefined): SummaryRow[] {
  if (!establishment) return [];
  const rows: SummaryRow[] = [{ key: words.school.urn, value: phrase(words.school.registerLink, { urn: establishment.urn }), href: registerUrl(establishment.urn) }];
  const add = (key: string, value: string | undefined, href?: string) => {
    if (value) rows.push({ key, value, ...(href ? { href } : {}) });
  };
  add(words.school.establishmentType, establishment.type);
  add(words.school.phase, establishment.phase);
  add(words.school.religiousCharacter, establishment.religiousCharacter);
  add(words.school.trust, establishment.trust?.name ?? establishment.trust?.code);
  add(words.school.address, addressLine(establishment));
  add(words.school.head, [headName(establishment), establishment.head?.jobTitle].filter(Boolean).join(', '));
  // A website the register gives without its scheme is reached over http, which a browser upgrades to https where it can.
  const website = establishment.website;
  add(words.school.website, website, website && safeUrl(/^[a-z][a-z0-9+.-]*:/i.test(website) ? website : `http://${website}`, { inSite: false }));
  add(words.school.telephone, establishment.telephone);
  if (establishment.ages) add(words.school.ages, phrase(words.school.agesValue, { low: establishment.ages.low, high: establishment.ages.high }));
  return rows;
}
