import {
  canonicalJson,
  publisherModel,
  publisherPolicies,
  publisherReleases,
  modelRelease,
  resolveAdopted,
  resolvePolicy,
  templateId,
  type AdoptedVersion,
  type Project,
  type PublisherPolicy,
  type SchoolPolicy,
} from '@school-policy/core';
import { withApproval } from '../approval.js';
import { fillPolicy } from '../fill.js';
import type { FilledPolicy } from '../filled-policy.js';
import { policyText } from '../policy-text.js';
import { diffSchoolVersions, diffTemplateReleases, type VersionDiff } from '../versions.js';

/**
 * One policy document as the site shows it: a school's current policy or one of its adopted
 * versions, or a publisher's blank template in one release of the model.
 */
export interface SitePolicy {
  /** The school's id, or the template's (`<publisher>-template`). */
  id: string;
  kind: FilledPolicy['kind'];
  /** Whether the school is a made-up example. */
  example: boolean;
  /** The publisher's settings for this policy. */
  publisher: PublisherPolicy;
  /** The school's settings and adoptions for this policy; none for a template. */
  school: SchoolPolicy | undefined;
  /** The model's id: which of the publisher's policies this is. */
  model: string;
  /** The model's title in the release it was made from, known without filling the policy. */
  title: string;
  /** The policy filled, on first asking (pages about the whole site need only the title). */
  readonly policy: FilledPolicy;
  /** The release of the model it was made from. */
  release: string;
  /** The adopted version it shows; none for a template or a school that has adopted none. */
  adoption: AdoptedVersion | undefined;
  /** A draft for the school's next review: the latest release with the school's details now, which differs from its current version. */
  draft: boolean;
  /**
   * For a draft (or a policy never adopted): whether the school's own wording cannot be in it
   * yet, being `stale` (written against an older release, so the draft has the model's words
   * until it is renewed) or having `conflicts` still to resolve; with the release it was written against.
   */
  ownWording?: { state: 'stale' | 'conflicts'; release: string; file: string } | undefined;
  /** Whether this is the address of the current policy (rather than a version's own address). */
  current: boolean;
  /** Whether a later version or release has replaced it. */
  superseded: boolean;
  /** The page, and the PDF and the Word document beside it. */
  href: string;
  pdfHref: string;
  pdfFileName: string;
  docxHref: string;
  docxFileName: string;
  /** Where the current policy is; the school's version history; the changes from the previous version. */
  currentHref: string;
  historyHref: string | undefined;
  changesHref: string | undefined;
}

/** A comparison of two versions, or two releases of a template, as the site shows it. */
export interface SiteRedline {
  diff: VersionDiff;
  publisher: PublisherPolicy;
  school: SchoolPolicy | undefined;
  model: string;
  href: string;
  pdfHref: string;
  pdfFileName: string;
  /** The same comparison as a Word document with tracked changes: the PDF's address and name, ending .docx. */
  docxHref: string;
  docxFileName: string;
  /** The pages of the older and newer versions compared. */
  fromHref: string;
  toHref: string;
}

/** Every document and comparison the site publishes for a project. */
export interface SiteEntries {
  policies: SitePolicy[];
  redlines: SiteRedline[];
}

/** A policy document before its Word document is named (the same address and name as its PDF, ending .docx), with how to fill it. */
type PdfOnly = Omit<SitePolicy, 'docxHref' | 'docxFileName' | 'policy'> & { fill: () => FilledPolicy };

/** What siteEntries makes: everything (the default), or, for a build that lays out no school's own pages, only what the pages about the whole site need. */
export interface SiteEntriesOptions {
  /**
   * Without the schools' own pages: each school's current policy and adopted versions, unfilled
   * unless asked for, and not its draft for the next review or its comparisons (which only its own
   * pages and documents show).
   */
  schoolPages?: boolean;
}

/** `/schools/laughton-cps/social-media/`, and the addresses under it. */
export function policyBase(kind: 'school' | 'template', owner: string, model: string): string {
  return kind === 'template' ? `/publishers/${owner}/${model}/` : `/schools/${owner}/${model}/`;
}

function releasePath(release: string): string {
  return `releases/${release}/`;
}

function changesPath(from: string, to: string): string {
  return `changes/${from}-to-${to}/`;
}

/**
 * Every policy document and comparison of a project, publisher by publisher: each release of the
 * publisher's blank template (the latest at the template's own address), then each school's
 * current policy and each version it adopted, at its own stable address; then the comparisons.
 * Each policy is filled once, however many addresses show it.
 */
export function siteEntries(project: Project, filled?: ReadonlyMap<string, FilledPolicy>, options: SiteEntriesOptions = {}): SiteEntries {
  const schoolPages = options.schoolPages ?? true;
  // Each current policy, filled by whoever checked the project (by `<id> <model>`), or filled now.
  const currentOf = (id: string, model: string): FilledPolicy => filled?.get(`${id} ${model}`) ?? fillPolicy(resolvePolicy(project, id, model));
  const schoolsOf = new Map<string, SchoolPolicy[]>();
  for (const school of project.schools.values()) {
    for (const policy of school.policies.values()) {
      const key = `${school.publisher} ${policy.model}`;
      const list = schoolsOf.get(key);
      if (list) list.push(policy);
      else schoolsOf.set(key, [policy]);
    }
  }
  const policies: SitePolicy[] = [];
  const redlines: SiteRedline[] = [];
  for (const publisher of publisherPolicies(project)) {
    policies.push(...templateEntries(project, publisher, currentOf).map(withWordDocument));
    redlines.push(...templateRedlines(project, publisher).map(withTrackedChanges));
    for (const school of schoolsOf.get(`${publisher.id} ${publisher.model}`) ?? []) {
      const entries = schoolEntries(project, publisher, school, currentOf, schoolPages).map(withWordDocument);
      policies.push(...entries);
      if (schoolPages) redlines.push(...schoolRedlines(project, publisher, school, entries.find((entry) => entry.draft)).map(withTrackedChanges));
    }
  }
  return { policies, redlines };
}

/** A comparison before its Word document with tracked changes is named. */
type RedlinePdfOnly = Omit<SiteRedline, 'docxHref' | 'docxFileName'>;

/** Adds the Word document with tracked changes beside a comparison's PDF: the same address and name, ending .docx. */
function withTrackedChanges(entry: RedlinePdfOnly): SiteRedline {
  return { ...entry, docxHref: entry.pdfHref.replace(/\.pdf$/, '.docx'), docxFileName: entry.pdfFileName.replace(/\.pdf$/, '.docx') };
}

/** Adds the Word document beside a policy's PDF (the same address and name, ending .docx), and the policy, filled on first asking and kept. */
function withWordDocument(entry: PdfOnly): SitePolicy {
  const docx = (pdf: string) => pdf.replace(/\.pdf$/, '.docx');
  const { fill, ...rest } = entry;
  let filled: FilledPolicy | undefined;
  return {
    ...rest,
    docxHref: docx(entry.pdfHref),
    docxFileName: docx(entry.pdfFileName),
    get policy(): FilledPolicy {
      filled ??= fill();
      return filled;
    },
  };
}

/** A policy as it stands now, by its owner's id and its model's. */
type Current = (id: string, model: string) => FilledPolicy;

function templateEntries(project: Project, publisher: PublisherPolicy, currentOf: Current): PdfOnly[] {
  const id = templateId(publisher.id);
  const releases = publisherReleases(project, publisher);
  const base = policyBase('template', publisher.id, publisher.model);
  return releases.map((model, index): PdfOnly => {
    const latest = index === releases.length - 1;
    const href = latest ? base : `${base}${releasePath(model.release.id)}`;
    const pdfFileName = latest ? `${id}-${model.id}.pdf` : `${id}-${model.id}-${model.release.id}.pdf`;
    const previous = releases[index - 1];
    return {
      id,
      kind: 'template',
      example: publisher.example,
      publisher,
      school: undefined,
      model: publisher.model,
      title: model.title,
      fill: latest ? () => currentOf(id, publisher.model) : () => fillPolicy(resolvePolicy(project, id, publisher.model, model.release.id)),
      release: model.release.id,
      adoption: undefined,
      draft: false,
      current: latest,
      superseded: !latest,
      href,
      pdfHref: `${href}${pdfFileName}`,
      pdfFileName,
      currentHref: base,
      historyHref: undefined,
      changesHref: previous ? `${base}${changesPath(previous.release.id, model.release.id)}` : undefined,
    };
  });
}

/** Whether the school's own wording of a policy is left out of its draft of `release`, and why. */
function ownWordingState(school: SchoolPolicy, release: string): SitePolicy['ownWording'] {
  const record = school.wording;
  if (!record) return undefined;
  if (record.wording.release !== release) return { state: 'stale', release: record.wording.release, file: record.file };
  if (record.conflicts.length > 0) return { state: 'conflicts', release: record.wording.release, file: record.file };
  return undefined;
}

function schoolEntries(project: Project, publisher: PublisherPolicy, school: SchoolPolicy, currentOf: Current, withDraft: boolean): PdfOnly[] {
  const model = publisherModel(project, publisher);
  const base = policyBase('school', school.id, model.id);
  const common = { id: school.id, kind: 'school' as const, example: school.example, publisher, school, model: model.id, currentHref: base, historyHref: `${base}history/` };
  const current = () => currentOf(school.id, school.model);
  if (school.adoptions.length === 0) {
    const pdfFileName = `${school.id}-${model.id}.pdf`;
    return [{ ...common, title: model.title, fill: current, release: model.release.id, adoption: undefined, draft: false, ownWording: ownWordingState(school, model.release.id), current: true, superseded: false, href: base, pdfHref: `${base}${pdfFileName}`, pdfFileName, changesHref: undefined }];
  }
  const versions = school.adoptions.map((adoption, index): PdfOnly => {
    const href = `${base}versions/${adoption.name}/`;
    const pdfFileName = `${school.id}-${model.id}-${adoption.name}.pdf`;
    const previous = school.adoptions[index - 1];
    return {
      ...common,
      title: modelRelease(project, model.id, adoption.release).title,
      fill: () => withApproval(fillPolicy(resolveAdopted(project, school, adoption)), adoption),
      release: adoption.release,
      adoption,
      draft: false,
      current: false,
      superseded: index < school.adoptions.length - 1,
      href,
      pdfHref: `${href}${pdfFileName}`,
      pdfFileName,
      changesHref: previous ? `${base}${changesPath(previous.name, adoption.name)}` : undefined,
    };
  });
  const latest = versions.at(-1)!;
  const pdfFileName = `${school.id}-${model.id}.pdf`;
  const pending = withDraft ? pendingDraft(school, current()) : undefined;
  const draft: PdfOnly[] = pending
    ? [
        {
          ...common,
          title: model.title,
          fill: () => pending,
          release: model.release.id,
          adoption: undefined,
          draft: true,
          ownWording: ownWordingState(school, model.release.id),
          current: false,
          superseded: false,
          href: `${base}versions/draft/`,
          pdfHref: `${base}versions/draft/${school.id}-${model.id}-draft.pdf`,
          pdfFileName: `${school.id}-${model.id}-draft.pdf`,
          changesHref: `${base}${changesPath(latest.adoption!.name, 'draft')}`,
        },
      ]
    : [];
  return [{ ...latest, current: true, href: base, pdfHref: `${base}${pdfFileName}`, pdfFileName }, ...versions, ...draft];
}

/**
 * The school's policy as its next review would adopt it, from the latest published release and its
 * details now, if that differs from its current version; otherwise none.
 */
function pendingDraft(school: SchoolPolicy, policy: FilledPolicy): FilledPolicy | undefined {
  const adopted = school.adoptions.at(-1);
  if (!adopted) return undefined;
  return canonicalJson(policyText(policy).parts) === canonicalJson(adopted.snapshot.text.parts) ? undefined : policy;
}

/** A publisher's template between each release it took up and the next. */
function templateRedlines(project: Project, publisher: PublisherPolicy): RedlinePdfOnly[] {
  const releases = publisherReleases(project, publisher).map((model) => model.release.id);
  const base = policyBase('template', publisher.id, publisher.model);
  const at = (release: string) => (release === releases.at(-1) ? base : `${base}${releasePath(release)}`);
  return releases.slice(1).map((to, index) => {
    const from = releases[index]!;
    const href = `${base}${changesPath(from, to)}`;
    const pdfFileName = `${templateId(publisher.id)}-${publisher.model}-${from}-to-${to}-changes.pdf`;
    return { diff: diffTemplateReleases(project, publisher.id, publisher.model, from, to), publisher, school: undefined, model: publisher.model, href, pdfHref: `${href}${pdfFileName}`, pdfFileName, fromHref: at(from), toHref: at(to) };
  });
}

/** A school's policy from its latest version to the draft for its next review, if there is one, then between each version and the next. */
function schoolRedlines(project: Project, publisher: PublisherPolicy, school: SchoolPolicy, draft: SitePolicy | undefined): RedlinePdfOnly[] {
  const base = policyBase('school', school.id, publisher.model);
  const redlines: RedlinePdfOnly[] = [];
  if (draft) {
    const from = school.adoptions.at(-1)!;
    const href = `${base}${changesPath(from.name, 'draft')}`;
    const pdfFileName = `${school.id}-${publisher.model}-${from.name}-to-draft-changes.pdf`;
    redlines.push({ diff: diffSchoolVersions(project, school, from, 'draft'), publisher, school, model: school.model, href, pdfHref: `${href}${pdfFileName}`, pdfFileName, fromHref: base, toHref: draft.href });
  }
  school.adoptions.slice(1).forEach((to, index) => {
    const from = school.adoptions[index]!;
    const href = `${base}${changesPath(from.name, to.name)}`;
    const pdfFileName = `${school.id}-${publisher.model}-${from.name}-to-${to.name}-changes.pdf`;
    redlines.push({
      diff: diffSchoolVersions(project, school, from, to),
      publisher,
      school,
      model: school.model,
      href,
      pdfHref: `${href}${pdfFileName}`,
      pdfFileName,
      fromHref: `${base}versions/${from.name}/`,
      toHref: `${base}versions/${to.name}/`,
    });
  });
  return redlines;
}

/**
 * Every PDF and Word document the site publishes, each at its address: the policies' PDFs and Word
 * documents, and the comparisons' PDFs; or only those at the addresses `wanted` takes (the others'
 * policies are not filled for them).
 */
export function siteDocuments(entries: SiteEntries, wanted: (href: string) => boolean = () => true): { href: string; kind: 'pdf' | 'docx' | 'redline' | 'redline-docx'; input: FilledPolicy | VersionDiff }[] {
  return [
    ...entries.policies.flatMap((entry) => [
      ...(wanted(entry.pdfHref) ? [{ href: entry.pdfHref, kind: 'pdf' as const, input: entry.policy }] : []),
      ...(wanted(entry.docxHref) ? [{ href: entry.docxHref, kind: 'docx' as const, input: entry.policy }] : []),
    ]),
    ...entries.redlines.flatMap((entry) => [
      ...(wanted(entry.pdfHref) ? [{ href: entry.pdfHref, kind: 'redline' as const, input: entry.diff }] : []),
      ...(wanted(entry.docxHref) ? [{ href: entry.docxHref, kind: 'redline-docx' as const, input: entry.diff }] : []),
    ]),
  ];
}
