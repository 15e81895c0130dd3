import { loadSiteProject } from './policies';
import { phrase, words } from './words';

/** What the site is called: `name` in site.yaml, shown in every page's header and title. */
export function siteName(): string {
  return loadSiteProject().site?.name ?? words.siteName;
}

/** The email address in site.yaml for reports of accessibility or content problems, if it gives one. */
export function siteContact(): string | undefined {
  return loadSiteProject().site?.contact;
}

/** A page's title as the browser's tab shows it, followed by the site's name: `Schools – School policies`. */
export function documentTitle(title: string): string {
  const name = siteName();
  return title === name ? name : phrase(words.documentTitle, { page: title, site: name });
}
