import { problem, type PolicyError } from './problem.js';
import { InvalidValue, MissingFile } from './problem-kinds.js';
import { readProjectFile } from './read-project-file.js';
import { siteFileSchema } from './schemas/site.js';
import { parseYaml, validateYaml } from './yaml-source.js';

/** The file, in the project's root folder, that says what the published site is called and where it is. */
export const siteFileName = 'site.yaml';

/** The published site, from `site.yaml`. */
export interface Site {
  file: string;
  /** What the site is called: `School policies`. */
  name: string;
  /** The address it is published at, absolute and ending with `/`: `https://policies.example.org/`. */
  url: string;
  /** An email address for reports of accessibility or content problems. */
  contact: string | undefined;
}

/**
 * Reads and checks `site.yaml`. A project without one still loads (only the published site needs
 * it), so a missing file is no problem here; a file that is there must be valid.
 */
export function loadSite(root: string, problems: PolicyError[]): Site | undefined {
  const read = readProjectFile(root, siteFileName);
  if (read.status === 'missing') return undefined;
  if (read.status === 'refused') {
    problems.push(read.problem);
    return undefined;
  }
  const { source, problems: syntax } = parseYaml(siteFileName, read.text);
  problems.push(...syntax);
  if (syntax.length > 0) return undefined;
  // An empty file reads as no value: check it as an empty mapping, so each missing field is named.
  const data = source.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.push(problem(InvalidValue, { file: siteFileName, line: 1 }, [siteFileName, 'expected fields such as "name: School policies" and "url: https://policies.example.org/", each on its own line']));
    return undefined;
  }
  const checked = validateYaml(siteFileSchema, source, { data, context: 'the site file' });
  problems.push(...checked.problems);
  if (!checked.value) return undefined;
  const { name, url, contact } = checked.value;
  return { file: siteFileName, name, url, contact };
}

/**
 * What `policy build` (and `policy check`, which checks everything a build needs) reports when
 * the project has no `site.yaml`: the sitemap, the feeds and the calendars need the site's address.
 */
export function missingSiteFile(): PolicyError {
  return problem(MissingFile, { file: siteFileName }, ["The file giving the site's name and the address it is published at"], [
    `Create ${siteFileName} in the project's root folder, next to templates/ and schools/, with the site's name and the address it is published at, such as "name: School policies" and "url: https://policies.example.org/" on two lines. The sitemap, the feeds and the calendars need the site's absolute address.`,
  ]);
}
