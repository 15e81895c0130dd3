import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nextReviewDate, publisherModel, publisherPolicies, publisherReleases, schoolPolicies, type Project } from '@school-policy/core';
import { atomTimestamp, calendarDate, escapeText, foldLine, formatMonthOrDate, renderCalendar, sitemapFiles, type CalendarEvent } from '@school-policy/generator';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { siteDist } from './support/paths.js';
import { policy } from './support/policy-cli.js';
import { repositoryProject } from './support/project.js';
import { projectCopy, temporaryFolder } from './support/project-copy.js';
import { pageFile, sitePages } from './support/site-pages.js';

const project: Project = repositoryProject();
const siteUrl = project.site!.url;

beforeAll(() => {
  if (!existsSync(`${siteDist}/index.html`)) throw new Error(`${siteDist} has no site: run "npm run build" first (npm test does it for you).`);
});

/** Parses XML, keeping attributes (as `@name`) and making repeatable elements lists even when there is one. */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['url', 'entry', 'link', 'sitemap'].includes(name),
});

/** A built file's XML, after checking it is well-formed. */
function readXml(path: string): Record<string, any> {
  const text = readFileSync(join(siteDist, path), 'utf8');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`${path} is not well-formed XML: ${JSON.stringify(valid.err)}`);
  return parser.parse(text) as Record<string, any>;
}

/** An element's text, whether or not it has attributes. */
function text(node: unknown): string {
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object' && '#text' in node) return String((node as { '#text': unknown })['#text']);
  throw new Error(`expected an element with text, found ${JSON.stringify(node)}`);
}

/**
 * The file an absolute address on this site is served from, or undefined when it is not on this
 * site or there is no such file: what the sitemap, the feeds and the calendars link to must be there.
 */
function builtFile(url: string): string | undefined {
  if (!url.startsWith(siteUrl)) return undefined;
  const path = decodeURIComponent(new URL(url).pathname);
  const file = pageFile(path);
  return existsSync(file) ? file : undefined;
}

/** Whether a page asks not to be indexed. */
function noIndex(path: string): boolean {
  return /<meta\s+name=["']?robots["']?\s+content=["'][^"']*noindex/i.test(readFileSync(pageFile(path), 'utf8'));
}

describe('site.yaml', () => {
  it("gives this repository's site its name and a documentation address to replace", () => {
    expect(project.site).toEqual({ file: 'site.yaml', name: 'School policies', url: 'https://policies.example.org/', contact: 'policies@example.org' });
  });
});

describe('the sitemap', () => {
  const sitemap = () => readXml('sitemap.xml');
  const locations = () => (sitemap().urlset.url as { loc: string }[]).map((entry) => entry.loc);

  it('is well-formed XML in the sitemaps.org namespace, with no dates', () => {
    const parsed = sitemap();
    expect(parsed.urlset['@xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(readFileSync(join(siteDist, 'sitemap.xml'), 'utf8')).not.toContain('lastmod');
  });

  it('lists every page of the site but the 404 page, each once, sorted, at its absolute address', () => {
    const expected = sitePages()
      .filter((path) => path !== '/404.html' && !noIndex(path))
      .map((path) => `${siteUrl}${path.slice(1)}`)
      .sort();
    expect(expected.length).toBeGreaterThan(40);
    expect(locations()).toEqual(expected);
    expect(locations()).not.toContain(`${siteUrl}404.html`);
    expect(locations()).toContain(`${siteUrl}schools/laughton-cps/social-media/versions/v1/`);
  });

  it("gives only addresses under site.yaml's url, each a page of the built site", () => {
    for (const loc of locations()) {
      expect(loc.startsWith(siteUrl), loc).toBe(true);
      expect(builtFile(loc)?.endsWith('.html'), `${loc} is not a page of the built site`).toBe(true);
    }
  });

  it('is named in robots.txt by its absolute address', () => {
    const robots = readFileSync(join(siteDist, 'robots.txt'), 'utf8');
    expect(robots).toContain(`\nSitemap: ${siteUrl}sitemap.xml\n`);
    expect(robots.startsWith('User-agent: *\n')).toBe(true);
    expect(builtFile(`${siteUrl}sitemap.xml`)).toBeDefined();
  });

  it('is split into parts under an index, in the root, when the site has more pages than one sitemap may list', () => {
    const files = sitemapFiles('https://policies.example.org/', ['/c/', '/a/', '/b/', '/d/', '/a/'], 2);
    expect(files.map((file) => file.path)).toEqual(['sitemap.xml', 'sitemap-1.xml', 'sitemap-2.xml']);
    expect(parser.parse(files[0]!.text).sitemapindex.sitemap.map((entry: { loc: string }) => entry.loc)).toEqual([
      'https://policies.example.org/sitemap-1.xml',
      'https://policies.example.org/sitemap-2.xml',
    ]);
    expect(parser.parse(files[2]!.text).urlset.url.map((entry: { loc: string }) => entry.loc)).toEqual(['https://policies.example.org/c/', 'https://policies.example.org/d/']);
  });

  it('escapes what XML and addresses cannot hold', () => {
    const [file] = sitemapFiles('https://policies.example.org/', ['/a b/?x=1&y=<2>']);
    expect(XMLValidator.validate(file!.text)).toBe(true);
    expect(file!.text).toContain('<loc>https://policies.example.org/a%20b/?x=1&amp;y=%3C2%3E</loc>');
  });
});

describe("each publisher's Atom feed", () => {
  const publishers = [...project.publishers.values()];
  const feedOf = (id: string) => readXml(`publishers/${id}/feed.xml`).feed as Record<string, any>;
  const entriesOf = (id: string) => (feedOf(id).entry ?? []) as Record<string, any>[];
  const linkOf = (node: Record<string, any>, rel: string) => (node.link as Record<string, string>[]).find((link) => link['@rel'] === rel)?.['@href'];
  /** Each policy of each of a publisher's schools. */
  const schoolsOf = (id: string) => schoolPolicies(project).filter((school) => school.publisher === id);

  it('is built for every publisher', () => {
    const built = readdirSync(join(siteDist, 'publishers')).filter((id) => existsSync(join(siteDist, 'publishers', id, 'feed.xml')));
    expect(built.sort()).toEqual(publishers.map((publisher) => publisher.id).sort());
  });

  it.each(publishers.map((publisher) => publisher.id))('%s: is well-formed Atom with the elements RFC 4287 requires', (id) => {
    const feed = feedOf(id);
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(text(feed.id)).toBe(`${siteUrl}publishers/${id}/feed.xml`);
    expect(text(feed.title)).toContain(project.publishers.get(id)!.name);
    expect(feed.author.name).toBe('School policies');
    expect(linkOf(feed, 'self')).toBe(`${siteUrl}publishers/${id}/feed.xml`);
    expect(linkOf(feed, 'alternate')).toBe(`${siteUrl}publishers/${id}/`);
    // The publisher's page, which offers the feed to feed readers.
    const page = readFileSync(join(siteDist, 'publishers', id, 'index.html'), 'utf8');
    expect(page).toContain(`<link rel="alternate" type="application/atom+xml" title="${project.publishers.get(id)!.name}: new releases and adoptions" href="/publishers/${id}/feed.xml">`);
    for (const entry of entriesOf(id)) {
      for (const name of ['id', 'title', 'updated', 'summary']) expect(text(entry[name]), `${name} of an entry in ${id}'s feed`).not.toBe('');
      expect(text(entry.updated)).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
    }
    expect(new Set(entriesOf(id).map((entry) => text(entry.id))).size).toBe(entriesOf(id).length);
  });

  it.each(publishers.map((publisher) => publisher.id))("%s: has an entry for each release and each of its schools' adoptions, newest first, dated from the data", (id) => {
    const releases = publisherPolicies(project)
      .filter((publisher) => publisher.id === id)
      .flatMap((publisher) => publisherReleases(project, publisher).map((model) => model.release.id));
    const adoptions = schoolsOf(id).flatMap((school) => school.adoptions.map((adoption) => adoption.approved));
    const entries = entriesOf(id);
    expect(entries.length).toBe(releases.length + adoptions.length);
    const expected = [...releases, ...adoptions].map(atomTimestamp).sort().reverse();
    expect(entries.map((entry) => text(entry.updated))).toEqual(expected);
    expect(text(feedOf(id).updated)).toBe(expected[0]);
  });

  it.each(publishers.map((publisher) => publisher.id))("%s: links each entry to a page of this site", (id) => {
    for (const entry of entriesOf(id)) {
      const href = linkOf(entry, 'alternate')!;
      expect(builtFile(href)?.endsWith('.html'), `${href} in ${id}'s feed is not a page of the built site`).toBe(true);
    }
  });

  it("links each adoption to the version's own page, and each release to the publisher's template in that release", () => {
    const entries = entriesOf('east-sussex-cc');
    const links = entries.map((entry) => linkOf(entry, 'alternate'));
    // Both of its policies: the complaints procedure's release and adoption, then the social media policy's.
    expect(links).toEqual([
      `${siteUrl}schools/laughton-cps/complaints/versions/v1/`,
      `${siteUrl}publishers/east-sussex-cc/complaints/`,
      `${siteUrl}schools/laughton-cps/social-media/versions/v2/`,
      `${siteUrl}publishers/east-sussex-cc/social-media/`,
      `${siteUrl}schools/laughton-cps/social-media/versions/v1/`,
      `${siteUrl}publishers/east-sussex-cc/social-media/releases/2016-06/`,
    ]);
    // The latest release's id is the address its template keeps once a later release replaces it.
    expect(text(entries[3]!.id)).toBe(`${siteUrl}publishers/east-sussex-cc/social-media/releases/2026-09/`);
    expect(text(entries[1]!.id)).toBe(`${siteUrl}publishers/east-sussex-cc/complaints/releases/2026-11/`);
    expect(text(feedOf('east-sussex-cc').updated)).toBe('2026-11-18T00:00:00Z');
    expect(text(entries[4]!.updated)).toBe('2017-11-01T00:00:00Z');
    expect(text(feedOf('east-sussex-cc').title)).toBe('East Sussex County Council: releases and adoptions of the Social Media Policy and the Complaints Procedure');
  });

  it('marks every made-up record as an example, and no real one', () => {
    for (const publisher of publishers) {
      for (const school of schoolsOf(publisher.id)) {
        for (const adoption of school.adoptions) {
          const href = `${siteUrl}schools/${school.id}/${school.model}/versions/${adoption.name}/`;
          const entry = entriesOf(publisher.id).find((candidate) => linkOf(candidate, 'alternate') === href)!;
          const example = adoption.example || school.example || publisher.example;
          expect(text(entry.summary).startsWith('Example record: '), `${href}: summary`).toBe(example);
          expect(text(entry.title).startsWith('[Example] '), `${href}: title`).toBe(example);
        }
      }
      for (const entry of entriesOf(publisher.id).filter((candidate) => text(candidate.id).includes('/releases/'))) {
        expect(text(entry.summary).startsWith('Example record: '), `${publisher.id}: ${text(entry.id)}`).toBe(publisher.example);
      }
    }
    expect(text(entriesOf('east-sussex-cc')[0]!.summary)).toContain('Example record: these approval details are made up');
    expect(text(entriesOf('example-mat')[0]!.summary)).toContain('Example record: Example Multi Academy Trust is a made-up publisher');
  });

  it('escapes text for XML', () => {
    const raw = readFileSync(join(siteDist, 'publishers/east-sussex-cc/feed.xml'), 'utf8');
    expect(raw).toContain('school&apos;s details');
    expect(text(entriesOf('east-sussex-cc')[0]!.summary)).toContain("the school's details");
  });
});

/** A calendar's content lines, unfolded, each split into its name with parameters and its value. */
function contentLines(ics: string): { name: string; value: string }[] {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean)
    .map((line) => {
      const colon = line.indexOf(':');
      return { name: line.slice(0, colon), value: line.slice(colon + 1) };
    });
}

/** A TEXT value as it was before escaping. */
function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, character: string) => (character === 'n' || character === 'N' ? '\n' : character));
}

/** The events of a calendar, each as its properties by name (the first of each, alarms apart). */
function events(ics: string): { properties: Map<string, string>; alarm: Map<string, string> }[] {
  const found: { properties: Map<string, string>; alarm: Map<string, string> }[] = [];
  let inAlarm = false;
  for (const { name, value } of contentLines(ics)) {
    if (name === 'BEGIN' && value === 'VEVENT') found.push({ properties: new Map(), alarm: new Map() });
    else if (name === 'BEGIN' && value === 'VALARM') inAlarm = true;
    else if (name === 'END' && value === 'VALARM') inAlarm = false;
    else if (found.length > 0 && name !== 'END') {
      const target = inAlarm ? found.at(-1)!.alarm : found.at(-1)!.properties;
      if (!target.has(name)) target.set(name, value);
    }
  }
  return found;
}

describe("each school's calendar of reviews", () => {
  /** Each school's policies whose current version has a review date, by school. */
  const reviewed = (id: string) => schoolPolicies(project).filter((school) => school.id === id && school.adoptions.length > 0 && nextReviewDate(school.adoptions.at(-1)!) !== undefined);
  const withReviews = [...project.schools.values()].filter((school) => reviewed(school.id).length > 0);
  const calendar = (id: string) => readFileSync(join(siteDist, 'schools', id, 'reviews.ics'), 'utf8');

  it('is built for each school whose current version has a review date, and no other', () => {
    const built = readdirSync(join(siteDist, 'schools')).filter((id) => existsSync(join(siteDist, 'schools', id, 'reviews.ics')));
    expect(built.sort()).toEqual(withReviews.map((school) => school.id).sort());
    expect(built).toContain('laughton-cps');
    expect(existsSync(join(siteDist, 'schools/example-primary/reviews.ics'))).toBe(false);
  });

  it.each(withReviews.map((school) => school.id))('%s: ends every line with CRLF, none longer than 75 octets', (id) => {
    const ics = calendar(id);
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
  });

  it.each(withReviews.map((school) => school.id))('%s: is a calendar with an all-day event for the review of the current version of each of its policies', (id) => {
    const school = project.schools.get(id)!;
    const lines = contentLines(calendar(id));
    const value = (name: string) => lines.find((line) => line.name === name)?.value;
    expect(lines[0]).toEqual({ name: 'BEGIN', value: 'VCALENDAR' });
    expect(lines.at(-1)).toEqual({ name: 'END', value: 'VCALENDAR' });
    expect(value('VERSION')).toBe('2.0');
    expect(value('PRODID')).toMatch(/^-\/\/.+\/\/EN$/);
    expect(value('CALSCALE')).toBe('GREGORIAN');
    expect(unescapeText(value('X-WR-CALNAME')!)).toBe(`${school.name}: policy reviews`);
    const found = events(calendar(id));
    const policies = reviewed(id);
    expect(found.length).toBe(policies.length);
    for (const [index, policy] of policies.entries()) {
    const current = policy.adoptions.at(-1)!;
    const title = publisherModel(project, project.publishers.get(policy.publisher)!.policies.get(policy.model)!).title;
    const event = found[index];
    const properties = event!.properties;
    expect(properties.get('DTSTART;VALUE=DATE')).toBe(calendarDate(nextReviewDate(current)!));
    expect(properties.get('DTSTAMP')).toBe(`${calendarDate(current.approved)}T000000Z`);
    expect(properties.get('UID')).toBe(`${id}/${policy.model}/${current.name}/review@policies.example.org`);
    expect(unescapeText(properties.get('SUMMARY')!)).toContain(`${title}: review due (${current.name})`);
    const url = properties.get('URL;VALUE=URI')!;
    expect(url).toBe(`${siteUrl}schools/${id}/${policy.model}/versions/${current.name}/`);
    expect(builtFile(url)?.endsWith('.html'), `${url} is not a page of the built site`).toBe(true);
    expect(unescapeText(properties.get('DESCRIPTION')!)).toContain(`\nRead it at ${url}`);
    expect(event!.alarm.get('ACTION')).toBe('DISPLAY');
    expect(event!.alarm.get('TRIGGER')).toBe('-P13W');
    expect(unescapeText(event!.alarm.get('DESCRIPTION')!)).toBe(`${school.name}'s ${title} is due for review ${formatMonthOrDate(nextReviewDate(current)!)}.`);
    }
  });

  it("puts Laughton's reviews two years after each approval, and says its approval details are made up", () => {
    const [event, complaints] = events(calendar('laughton-cps'));
    expect(complaints!.properties.get('DTSTART;VALUE=DATE')).toBe('20281118');
    expect(unescapeText(complaints!.properties.get('SUMMARY')!)).toBe('[Example] Complaints Procedure: review due (v1) – Laughton Community Primary School');
    expect(event!.properties.get('DTSTART;VALUE=DATE')).toBe('20281014');
    expect(event!.properties.get('DTEND;VALUE=DATE')).toBe('20281015');
    expect(event!.properties.get('DTSTAMP')).toBe('20261014T000000Z');
    expect(unescapeText(event!.properties.get('SUMMARY')!)).toBe('[Example] Social Media Policy: review due (v2) – Laughton Community Primary School');
    const description = unescapeText(event!.properties.get('DESCRIPTION')!);
    expect(description.startsWith('Example record: these approval details are made up, to show how a renewal is recorded;')).toBe(true);
    expect(description).toContain('Approved by: Full governing body.\nMinute: FGB 14 October 2026, item 7.\nReview cycle: 2 years.\nNext review: 14 October 2028.');
  });
});

describe('iCalendar text', () => {
  it('escapes backslashes, semicolons, commas and line breaks in text', () => {
    expect(escapeText('Minute 7, item 2; see C:\\minutes\nthen sign')).toBe('Minute 7\\, item 2\\; see C:\\\\minutes\\nthen sign');
    expect(escapeText('one\r\ntwo\rthree')).toBe('one\\ntwo\\nthree');
    expect(unescapeText(escapeText('a\\,b;c\nd'))).toBe('a\\,b;c\nd');
  });

  it('folds a long line at 75 octets without splitting a character, and unfolds to the same line', () => {
    const line = `DESCRIPTION:${escapeText('Ysgol Gynradd Gymraeg – adolygiad polisi’r cyfryngau cymdeithasol, ')}${'café 😀 ✓ '.repeat(12)}`;
    const folded = foldLine(line);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const [index, physical] of lines.entries()) {
      expect(Buffer.byteLength(physical, 'utf8')).toBeLessThanOrEqual(75);
      expect(physical.isWellFormed(), `line ${index} splits a character`).toBe(true);
      if (index > 0) expect(physical.startsWith(' ')).toBe(true);
    }
    // Every line is filled: the next character would not have fitted.
    for (const [index, physical] of lines.slice(0, -1).entries()) {
      const next = [...lines[index + 1]!.slice(1)][0]!;
      expect(Buffer.byteLength(physical + next, 'utf8')).toBeGreaterThan(75);
    }
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });

  it('leaves a line of 75 octets whole and folds one of 76', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
  });

  it('puts a review due in a month on the first of that month, stamped from the approval, never the clock', () => {
    const event: CalendarEvent = {
      uid: 'a-school/social-media/v1/review@policies.example.org',
      date: '2028-09',
      stamp: '2026-07',
      summary: 'Social Media Policy: review due (v1)',
      description: 'Approved July 2026, by the governors; minute 4.',
      url: 'https://policies.example.org/schools/a-school/social-media/versions/v1/',
      alarm: { trigger: '-P13W', description: 'Review due September 2028' },
    };
    const ics = renderCalendar({ productId: '-//School policies//Policy review calendar//EN', name: 'A School: policy reviews', events: [event] });
    const [parsed] = events(ics);
    expect(parsed!.properties.get('DTSTART;VALUE=DATE')).toBe('20280901');
    expect(parsed!.properties.get('DTEND;VALUE=DATE')).toBe('20280902');
    expect(parsed!.properties.get('DTSTAMP')).toBe('20260701T000000Z');
    expect(parsed!.properties.get('DESCRIPTION')).toBe('Approved July 2026\\, by the governors\\; minute 4.');
    expect(renderCalendar({ productId: '-//School policies//Policy review calendar//EN', name: 'A School: policy reviews', events: [event] })).toBe(ics);
  });
});

describe('policy build and policy check without site.yaml', () => {
  it('refuses to build, naming site.yaml and what to put in it, and leaves the earlier output as it was', () => {
    const root = projectCopy();
    rmSync(join(root, 'site.yaml'));
    const out = join(temporaryFolder(), 'dist');
    mkdirSync(out);
    writeFileSync(join(out, 'index.html'), 'the earlier site');
    const result = policy(['build', '--root', root, '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("site.yaml The file giving the site's name and the address it is published at is missing.\n    Create site.yaml in the project's root folder");
    expect(result.stderr).toContain('"url: https://policies.example.org/"');
    expect(result.stderr).toContain('Nothing was built;');
    expect(readdirSync(out)).toEqual(['index.html']);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('the earlier site');
  });

  it('fails the check too, which reports what a build needs', () => {
    const root = projectCopy();
    rmSync(join(root, 'site.yaml'));
    const result = policy(['check', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('site.yaml The file giving the site');
    expect(result.stderr).toContain('1 problem in 1 file.');
  });

  it('reports a site.yaml that is there but wrong at its line and field', () => {
    const root = projectCopy({ 'site.yaml': 'name: School policies\nurl: policies.example.org\nowner: the council\n' });
    const result = policy(['check', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('site.yaml:2:6 url is not valid: expected the web address the site is published at, starting https://');
    expect(result.stderr).toContain('site.yaml:3:1 owner is not a known field of the site file.\n    The fields allowed here are: name, url, contact.');
  });
});
