import { isClosed, nextReviewDate, publisherModel, publisherReleases, siteFileName, type AdoptedVersion, type Publisher, type School, type Site } from '@school-policy/core';
import { absoluteUrl, formatMonthOrDate, type AtomEntry, type AtomFeed, type Calendar, type CalendarEvent } from '@school-policy/generator';
import { loadSiteProject, policyBase, sitePolicies, type SitePolicy } from './policies';
import { adoptedVersionsUnder, templateIn, versionPageOf } from './indexes';
import { phrase, policyList, words } from './words';

/**
 * The site's machine-readable files: an Atom feed of each publisher's releases and its schools'
 * adoptions, and a calendar of each school's review dates. Their addresses are absolute, from
 * site.yaml, and their dates come from the data, never from the clock.
 */

/** The language the feeds and calendars are written in: that of the site's words. */
const language = 'en-GB';

/** Who made the calendars, as their PRODID says. */
const calendarProduct = '-//School policies//Policy review calendar//EN';

/** How long before a review is due its reminder goes off: thirteen weeks, about three months. */
const reminderBefore = '-P13W';

/** A publisher's feed: `/publishers/east-sussex-cc/feed.xml`. */
export function publisherFeedHref(publisherId: string): string {
  return `/publishers/${publisherId}/feed.xml`;
}

/** A publisher's own page, which its feed belongs to: `/publishers/east-sussex-cc/`. */
export function publisherHref(publisherId: string): string {
  return `/publishers/${publisherId}/`;
}

/** A school's calendar of review dates: `/schools/laughton-cps/reviews.ics`. */
export function reviewCalendarHref(schoolId: string): string {
  return `/schools/${schoolId}/reviews.ics`;
}

/** The published site from site.yaml, which every absolute address needs; `policy build` refuses to build without it. */
export function publishedSite(): Site {
  const site = loadSiteProject().site;
  if (!site) throw new Error(`${siteFileName} is missing: the feeds and calendars need the address the site is published at. Create ${siteFileName} next to templates/ and schools/ with name: and url:.`);
  return site;
}

/** A path on this site as an absolute address: `/schools/x/` → `https://policies.example.org/schools/x/`. */
export function absolute(href: string): string {
  return absoluteUrl(publishedSite().url, href);
}

/**
 * Why an entry about a school or publisher is made up, if it is: the site never presents made-up
 * data as real. A made-up publisher or school says so first; otherwise a made-up approval record.
 */
function exampleNote(publisher: Pick<Publisher, 'name' | 'example'>, school: Pick<School, 'name' | 'example'> | undefined, adoption: AdoptedVersion | undefined): string | undefined {
  if (publisher.example) return phrase(words.feeds.examplePublisher, { publisher: publisher.name });
  if (school?.example) return phrase(words.feeds.exampleSchool, { school: school.name });
  if (adoption?.example) return words.feeds.exampleAdoption;
  return undefined;
}

/** A title marked as an example when its record is made up. */
function marked(title: string, example: string | undefined): string {
  return example ? phrase(words.feeds.exampleTitle, { title }) : title;
}

/** An adopted version's approval details, a sentence each, as its page gives them. */
function approvalSentences(entry: SitePolicy, adoption: AdoptedVersion): string[] {
  const next = nextReviewDate(adoption);
  return [
    phrase(words.feeds.approval, {
      version: adoption.version,
      school: entry.school!.name,
      policy: entry.title,
      date: formatMonthOrDate(adoption.approved),
      release: adoption.release,
    }),
    ...(adoption.approvedBy ? [phrase(words.feeds.approvedBy, { body: adoption.approvedBy })] : []),
    ...(adoption.minute ? [phrase(words.feeds.minute, { minute: adoption.minute })] : []),
    ...(adoption.reviewCycle ? [phrase(words.feeds.reviewCycle, { cycle: adoption.reviewCycle })] : []),
    ...(next ? [phrase(words.feeds.nextReview, { date: formatMonthOrDate(next) })] : []),
  ];
}

/** An entry for each release the publisher took up of each policy, linking to the publisher's template in that release. */
function releaseEntries(publisher: Publisher): AtomEntry[] {
  const project = loadSiteProject();
  const example = exampleNote(publisher, undefined, undefined);
  return [...publisher.policies.values()].flatMap((policy) => {
    const base = policyBase('template', publisher.id, policy.model);
    return publisherReleases(project, policy).map((model): AtomEntry => {
    const page = templateIn(publisher.id, policy.model, model.release.id)!;
    const values = { publisher: publisher.name, policy: model.title, release: model.release.id, title: model.release.title, summary: model.release.summary };
    return {
      // The address this release's template keeps once a later release replaces it: permanent,
      // whereas the latest release's template is at the template's own address until then.
      id: absolute(`${base}releases/${model.release.id}/`),
      title: marked(phrase(words.feeds.releaseTitle, values), example),
      updated: model.release.id,
      href: absolute(page.href),
      summary: [example, phrase(words.feeds.releaseSummary, values)].filter(Boolean).join(' '),
    };
    });
  });
}

/** An entry for each version that each of the publisher's schools adopted, linking to the version's own page. */
function adoptionEntries(publisher: Publisher): AtomEntry[] {
  return adoptedVersionsUnder(publisher.id)
    .map((entry): AtomEntry => {
      const adoption = entry.adoption!;
      const school = entry.school!;
      const example = exampleNote(publisher, school, adoption);
      const title = phrase(words.feeds.adoptionTitle, { school: school.name, version: adoption.version, policy: entry.title });
      return {
        id: absolute(entry.href),
        title: marked(title, example),
        updated: adoption.approved,
        href: absolute(entry.href),
        summary: [example, ...approvalSentences(entry, adoption)].filter(Boolean).join(' '),
      };
    });
}

/** A publisher's feed: each release of its template and each adoption by its schools. */
export function publisherFeed(publisher: Publisher): AtomFeed {
  const site = publishedSite();
  const project = loadSiteProject();
  const titles = [...publisher.policies.values()].map((one) => publisherModel(project, one).title);
  const policy = policyList(titles);
  return {
    selfHref: absolute(publisherFeedHref(publisher.id)),
    alternateHref: absolute(publisherHref(publisher.id)),
    title: phrase(words.feeds.publisherTitle, { publisher: publisher.name, policy }),
    subtitle: phrase(words.feeds.publisherSubtitle, { publisher: publisher.name, policy }),
    author: { name: site.name, uri: site.url, email: site.contact },
    language,
    entries: [...releaseEntries(publisher), ...adoptionEntries(publisher)],
  };
}

/** The review of a school's current version of one policy, if the version has a review date. */
function reviewEvent(entry: SitePolicy): CalendarEvent | undefined {
  const adoption = entry.adoption;
  const next = adoption && nextReviewDate(adoption);
  if (!adoption || !next) return undefined;
  const school = entry.school!;
  // The version's own page, which keeps its address when a later version replaces it.
  const versionPage = versionPageOf(adoption)!;
  const example = exampleNote(entry.publisher, school, adoption);
  const values = { school: school.name, policy: entry.title, version: adoption.name, date: formatMonthOrDate(next) };
  const url = absolute(versionPage.href);
  return {
    uid: `${school.id}/${entry.model}/${adoption.name}/review@${new URL(publishedSite().url).host}`,
    date: next,
    stamp: adoption.approved,
    summary: marked(phrase(words.feeds.reviewSummary, values), example),
    description: [...(example ? [example] : []), ...approvalSentences(entry, adoption), phrase(words.feeds.readAt, { url })].join('\n'),
    url,
    alarm: { trigger: reminderBefore, description: phrase(words.feeds.reminder, values) },
  };
}

// Made once for the whole site: every school's page asks whether it has one.
let calendars: { from: SitePolicy[]; list: { school: School; calendar: Calendar }[]; schools: Set<string> } | undefined;

/**
 * Each school's calendar of review dates: an event for the review of the current version of each
 * of its policies. A school with no adopted version, or none with a review date, has no calendar.
 */
export function reviewCalendars(): { school: School; calendar: Calendar }[] {
  const policies = sitePolicies();
  if (calendars?.from !== policies) {
    const list = makeReviewCalendars(policies);
    calendars = { from: policies, list, schools: new Set(list.map(({ school }) => school.id)) };
  }
  return calendars.list;
}

/** Whether a school has a calendar of review dates (see `reviewCalendars`). */
export function hasReviewCalendar(schoolId: string): boolean {
  reviewCalendars();
  return calendars!.schools.has(schoolId);
}

// Made once for the whole site, from the schools' calendars: every publisher's page asks whether it has one.
let publisherCalendars: { from: { school: School; calendar: Calendar }[]; list: { publisher: Publisher; calendar: Calendar }[] } | undefined;

/**
 * Each publisher's calendar of its schools' review dates: every event of every open school's
 * calendar, school by school. A publisher none of whose schools has a review date has none.
 */
export function publisherReviewCalendars(): { publisher: Publisher; calendar: Calendar }[] {
  const schools = reviewCalendars();
  if (publisherCalendars?.from !== schools) {
    const byPublisher = new Map<string, CalendarEvent[]>();
    for (const { school, calendar } of schools) {
      if (isClosed(school.establishment)) continue;
      const events = byPublisher.get(school.publisher);
      if (events) events.push(...calendar.events);
      else byPublisher.set(school.publisher, [...calendar.events]);
    }
    const list = [...loadSiteProject().publishers.values()]
      .filter((publisher) => byPublisher.has(publisher.id))
      .map((publisher) => ({ publisher, calendar: { productId: calendarProduct, name: phrase(words.feeds.publisherCalendarName, { publisher: publisher.name }), events: byPublisher.get(publisher.id)! } }));
    publisherCalendars = { from: schools, list };
  }
  return publisherCalendars.list;
}

/** The address of a publisher's calendar of its schools' review dates. */
export function publisherCalendarHref(publisherId: string): string {
  return `/publishers/${publisherId}/reviews.ics`;
}

function makeReviewCalendars(policies: SitePolicy[]): { school: School; calendar: Calendar }[] {
  const project = loadSiteProject();
  const bySchool = new Map<string, { school: School; events: CalendarEvent[] }>();
  for (const entry of policies) {
    if (entry.kind !== 'school' || !entry.current) continue;
    const event = reviewEvent(entry);
    if (!event) continue;
    const school = project.schools.get(entry.school!.id)!;
    const found = bySchool.get(school.id) ?? { school, events: [] };
    found.events.push(event);
    bySchool.set(school.id, found);
  }
  return [...bySchool.values()].map(({ school, events }) => ({
    school,
    calendar: { productId: calendarProduct, name: phrase(words.feeds.calendarName, { school: school.name }), events },
  }));
}
