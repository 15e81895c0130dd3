import { describe, expect, it } from 'vitest';
import { loadProject, missingSiteFile } from '../src/index.js';
import { fixtureProject } from './fixture.js';

const siteFile = 'site.yaml';

/** The fixture project with this site.yaml. */
function withSite(text: string): ReturnType<typeof loadProject> {
  return loadProject(fixtureProject({ [siteFile]: () => text }));
}

function problemsWith(text: string): string[] {
  return withSite(text).problems.map((p) => p.format());
}

describe('site.yaml', () => {
  it('is optional for loading a project: without it the project has no site and no problem', () => {
    const { project, problems } = loadProject(fixtureProject());
    expect(problems).toEqual([]);
    expect(project.site).toBeUndefined();
  });

  it("reads the site's name, its address ending with a slash, and a contact address", () => {
    const { project, problems } = withSite('name: School policies\nurl: https://Policies.Example.org\ncontact: policies@example.org\n');
    expect(problems).toEqual([]);
    expect(project.site).toEqual({ file: siteFile, name: 'School policies', url: 'https://policies.example.org/', contact: 'policies@example.org' });
  });

  it('needs no contact address', () => {
    const { project, problems } = withSite('name: School policies\nurl: http://localhost:4321/\n');
    expect(problems).toEqual([]);
    expect(project.site).toMatchObject({ url: 'http://localhost:4321/', contact: undefined });
  });

  it('names the file, the line and a misspelt field, and the field it probably meant', () => {
    expect(problemsWith('nmae: School policies\nurl: https://policies.example.org/\n')).toEqual([
      `${siteFile}:1:1 name is required but missing.\n    Add it: The site's name, as feed readers and calendars show it: name: School policies`,
      `${siteFile}:1:1 nmae is not a known field of the site file.\n    Did you mean name? Field names are case-sensitive.`,
    ]);
  });

  it('rejects a field it does not know, listing the ones it does', () => {
    expect(problemsWith('name: School policies\nurl: https://policies.example.org/\ntheme: dark\n')).toEqual([
      `${siteFile}:3:1 theme is not a known field of the site file.\n    The fields allowed here are: name, url, contact.`,
    ]);
  });

  it('says what to add when the address is missing', () => {
    expect(problemsWith('name: School policies\n')).toEqual([
      `${siteFile}:1:1 url is required but missing.\n    Add it: The address the site is published at, used for the sitemap, the feeds and the calendars, which need absolute addresses: url: https://policies.example.org/`,
    ]);
  });

  it.each([
    ['a relative address', 'policies.example.org'],
    ['an address that is not a web address', 'ftp://policies.example.org/'],
    ['an address with a path', 'https://example.org/policies/'],
    ['an address with a query', 'https://policies.example.org/?page=1'],
  ])('rejects %s, at its line, saying what a good one looks like', (_, url) => {
    expect(problemsWith(`name: School policies\nurl: ${url}\n`)).toEqual([
      `${siteFile}:2:6 url is not valid: expected the web address the site is published at, starting https:// (or http://) and with nothing after the host, such as https://policies.example.org/: the site's pages link to each other from the root of that address.`,
    ]);
  });

  it('rejects a contact that is not an email address', () => {
    expect(problemsWith('name: School policies\nurl: https://policies.example.org/\ncontact: the office\n')).toEqual([
      `${siteFile}:3:10 contact is not valid: expected an email address, such as policies@example.org.`,
    ]);
  });

  it('names each missing field of an empty file', () => {
    expect(problemsWith('# Nothing yet\n')).toEqual([
      `${siteFile}:1:1 name is required but missing.\n    Add it: The site's name, as feed readers and calendars show it: name: School policies`,
      `${siteFile}:1:1 url is required but missing.\n    Add it: The address the site is published at, used for the sitemap, the feeds and the calendars, which need absolute addresses: url: https://policies.example.org/`,
    ]);
  });

  it('says what the file holds when it is not a mapping of fields', () => {
    expect(problemsWith('https://policies.example.org/\n')).toEqual([
      `${siteFile}:1 site.yaml is not valid: expected fields such as "name: School policies" and "url: https://policies.example.org/", each on its own line.`,
    ]);
  });

  it('reports a YAML syntax error at its line, and loads the rest of the project', () => {
    const { project, problems } = withSite('name: School policies: the site\nurl: https://policies.example.org/\n');
    expect(problems.map((p) => p.format())[0]).toMatch(new RegExp(`^${siteFile}:1:\\d+ This is not valid YAML: `));
    expect(project.site).toBeUndefined();
    expect(project.schools.has('first-school')).toBe(true);
  });
});

describe('a missing site.yaml, where the published site needs it', () => {
  it('names the file and says what to put in it', () => {
    expect(missingSiteFile().format()).toBe(
      `${siteFile} The file giving the site's name and the address it is published at is missing.\n    Create ${siteFile} in the project's root folder, next to templates/ and schools/, with the site's name and the address it is published at, such as "name: School policies" and "url: https://policies.example.org/" on two lines. The sitemap, the feeds and the calendars need the site's absolute address.`,
    );
  });
});
