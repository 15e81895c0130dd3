/**
 * The search page: looks up `?q=` in the Pagefind index the build writes to /pagefind/, in the
 * browser, and lists the pages found. For a policy it also names the clauses where the words
 * occur, each linking to the clause's own anchor.
 */

interface Anchor {
  element: string;
  id: string;
  text: string;
  location: number;
}
interface ResultData {
  url: string;
  content: string;
  excerpt: string;
  meta: Record<string, string>;
  anchors: Anchor[];
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  search(term: string): Promise<{ results: { data(): Promise<ResultData> }[] } | null>;
}
type Words = Record<string, string>;

const shownResults = 20;
/** How many of Pagefind's results are read to put title matches first. */
const fetchedResults = 60;
const clausesPerResult = 3;
const excerptWords = 30;

export async function runSearch(): Promise<void> {
  const holder = document.querySelector<HTMLElement>('#search-results')!;
  const words = JSON.parse(holder.dataset.words!) as Words;
  const status = document.querySelector<HTMLElement>('#search-status')!;
  const list = document.querySelector<HTMLOListElement>('#search-list')!;
  const term = (new URLSearchParams(location.search).get('q') ?? '').trim();
  document.querySelector<HTMLInputElement>('#search-input')!.value = term;
  if (!term) return;
  status.textContent = words.searching!;
  let pagefind: Pagefind;
  try {
    const url = '/pagefind/pagefind.js';
    pagefind = (await import(/* @vite-ignore */ url)) as Pagefind;
    await pagefind.options({ excerptLength: excerptWords });
  } catch {
    status.textContent = words.unavailable!;
    return;
  }
  const found = await pagefind.search(term);
  const results = byTitle(await Promise.all((found?.results ?? []).slice(0, fetchedResults).map((result) => result.data())), term).slice(0, shownResults);
  const total = found?.results.length ?? 0;
  document.title = `${fill(words.pageTitle!, { term })} – ${document.title}`;
  status.textContent = total === 0 ? fill(words.none!, { term }) : fill(total === 1 ? words.one! : words.many!, { count: String(total), term, shown: String(results.length) });
  list.replaceChildren(...results.map((result) => resultItem(result, words, term)));
}

/**
 * Pages whose title holds every word searched for come first, the shortest title first, then the
 * rest in Pagefind's order: a school's name finds the school's own page before its policies.
 */
function byTitle(results: ResultData[], term: string): ResultData[] {
  const wanted = term.split(/\s+/).map(normalise).filter(Boolean);
  const inTitle = (result: ResultData) => {
    const title = (result.meta.title ?? '').split(/\s+/).map(normalise);
    return wanted.every((word) => title.includes(word));
  };
  const titleLength = (result: ResultData) => (result.meta.title ?? '').split(/\s+/).length;
  const matched = results.filter(inTitle).sort((a, b) => titleLength(a) - titleLength(b));
  return [...matched, ...results.filter((result) => !inTitle(result))];
}

/** One page found: its title, what kind of page it is, where the words occur, and the clauses they are in. */
function resultItem(result: ResultData, words: Words, term: string): HTMLLIElement {
  const item = element('li', 'app-search-result');
  const heading = element('h2', 'govuk-heading-s app-search-result__title');
  heading.append(link(result.url, result.meta.title ?? result.url));
  item.append(heading);
  if (result.meta.kind) item.append(element('p', 'govuk-body-s app-secondary app-search-result__kind', result.meta.kind));
  const clauses = clausesFound(result, term);
  if (clauses.length === 0) {
    item.append(result.meta.description ? element('p', 'govuk-body app-search-result__excerpt', result.meta.description) : withMarks(element('p', 'govuk-body app-search-result__excerpt'), result.excerpt));
    return item;
  }
  const found = element('ul', 'govuk-list app-search-result__clauses');
  for (const clause of clauses) {
    const line = element('li');
    line.append(link(`${result.url}#${clause.anchor.id}`, fill(words.clause!, { number: clause.anchor.text })), ': ');
    line.append(excerptAt(result, clause.anchor, clause.location, term));
    found.append(line);
  }
  item.append(found);
  return item;
}

/**
 * The clauses where the words searched for occur, most relevant first: those holding the whole
 * phrase, in page order; failing that, those holding the most of its words (ignoring short words
 * such as "of" and "the").
 */
function clausesFound(result: ResultData, term: string): { anchor: Anchor; location: number }[] {
  const clauses = result.anchors.filter((anchor) => anchor.element === 'div' && /^[A-Z]?\d+(\.\d+)*$/.test(anchor.text)).sort((a, b) => a.location - b.location);
  if (clauses.length === 0) return [];
  const content = result.content.split(/\s+/).map(normalise);
  const wanted = term.split(/\s+/).map(normalise).filter(Boolean);
  const clauseAt = (location: number) => clauses.filter((clause) => clause.location <= location).at(-1);
  const phraseAt = (index: number) => wanted.every((word, offset) => content[index + offset]?.startsWith(word));
  const hits = new Map<Anchor, number>();
  content.forEach((_, index) => {
    const clause = phraseAt(index) ? clauseAt(index) : undefined;
    if (clause && !hits.has(clause)) hits.set(clause, index);
  });
  if (hits.size === 0) {
    const significant = wanted.filter((word) => word.length > 3);
    const scored = clauses.map((clause, index) => {
      const end = clauses[index + 1]?.location ?? content.length;
      const words = content.slice(clause.location, end);
      const found = significant.filter((word) => words.some((candidate) => candidate.startsWith(word)));
      const first = clause.location + Math.max(0, words.findIndex((candidate) => found.some((word) => candidate.startsWith(word))));
      return { clause, count: found.length, first };
    });
    const best = Math.max(0, ...scored.map(({ count }) => count));
    for (const { clause, count, first } of scored) if (best > 0 && count === best) hits.set(clause, first);
  }
  return [...hits].slice(0, clausesPerResult).map(([anchor, location]) => ({ anchor, location }));
}

/** A word as search compares it: lower case, without punctuation around it. */
function normalise(word: string): string {
  return word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

/** The words of a clause from around a match, with the words searched for marked. */
function excerptAt(result: ResultData, anchor: Anchor, location: number, term: string): HTMLElement {
  const all = result.content.split(/\s+/);
  const wanted = term.split(/\s+/).map(normalise).filter(Boolean);
  const start = Math.max(anchor.location + 1, location - Math.floor(excerptWords / 3));
  const end = Math.min(all.length, start + excerptWords);
  const html = all
    .slice(start, end)
    .map((word) => (wanted.some((part) => normalise(word).startsWith(part) && part.length > 2) ? `<mark>${word}</mark>` : word))
    .join(' ');
  return withMarks(element('span', 'app-search-result__excerpt'), `${start > anchor.location + 1 ? '… ' : ''}${html}${end < all.length ? ' …' : ''}`);
}

/**
 * Fills an element from Pagefind's excerpt, which is escaped text with `<mark>` around the words
 * found: the marks become elements and everything else stays text, so no page content can
 * become markup.
 */
function withMarks<T extends HTMLElement>(target: T, excerpt: string): T {
  excerpt.split(/(<mark>.*?<\/mark>)/).forEach((piece) => {
    const mark = /^<mark>(.*)<\/mark>$/.exec(piece);
    target.append(mark ? element('mark', 'app-search-result__mark', decode(mark[1]!)) : decode(piece));
  });
  return target;
}

function decode(escaped: string): string {
  return new DOMParser().parseFromString(`<!doctype html><body>${escaped.replace(/</g, '&lt;')}`, 'text/html').body.textContent ?? '';
}

function element<K extends keyof HTMLElementTagNameMap>(name: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const made = document.createElement(name);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

function link(href: string, text: string): HTMLAnchorElement {
  const made = element('a', 'govuk-link', text);
  made.href = href;
  return made;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
