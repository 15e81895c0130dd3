import {
  canonicalJson,
  loadProject,
  PolicyProblems,
  publisherModel,
  publisherPolicies,
  publisherReleases,
  resolveAdopted,
  resolvePolicy,
  templateId,
  type AdoptedVersion,
  type Project,
  type PublisherPolicy,
  type SchoolPolicy,
} from '@school-policy/core';
import {
  diffSchoolVersions,
  diffTemplateReleases,
  fillPolicy,
  withApproval,
  policyText,
  renderDocx,
  renderPdfWithPages,
  renderRedlinePdf,
  type FilledPolicy,
  type VersionDiff,
} from '@school-policy/generator';

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
  policy: FilledPolicy;
  /** The release of the model it was made from. */
  release: string;
  /** The adopted version it shows; none for a template or a school that has adopted none. */
  adoption: AdoptedVersion | undefined;
  /** A draft for the school's next review: the latest release with the school's details now, which differs from its current version. */
  draft: boolean;
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
  /** The pages of the older and newer versions compared. */
  fromHref: string;
  toHref: string;
}

let project: Project | undefined;
let policies: SitePolicy[] | undefined;
let redlines: SiteRedline[] | undefined;
const pdfs = new WeakMap<object, Promise<{ bytes: Uint8Array; pages: number }>>();
const docxs = new WeakMap<FilledPolicy, Promise<Uint8Array>>();

/** A policy document before its Word document is named: the same address and name as its PDF, ending .docx. */
type PdfOnly = Omit<SitePolicy, 'docxHref' | 'docxFileName'>;

/** The project in POLICY_ROOT (set by astro.config.mjs or `policy build --root`), loaded once per build. */
export function loadSiteProject(): Project {
  if (!project) {
    const loaded = loadProject(process.env.POLICY_ROOT!);
    if (loaded.problems.length > 0) throw new PolicyProblems(loaded.problems);
    project = loaded.project;
  }
  return project;
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
 * Every policy document, publisher by publisher: each release of the publisher's blank template
 * (the latest at the template's own address), then each school's current policy and each version
 * it adopted, at its own stable address.
 */
export function sitePolicies(): SitePolicy[] {
  if (!policies) {
    const current = loadSiteProject();
    policies = publisherPolicies(current).flatMap((publisher) => [
      ...templateEntries(current, publisher),
      ...[...current.schools.values()]
        .filter((school) => school.publisher === publisher.id)
        .flatMap((school) => schoolEntries(current, publisher, school.policies.get(publisher.model)!)),
    ].map(withWordDocument));
  }
  return policies;
}

/** Adds the Word document beside a policy's PDF: the same address and name, ending .docx. */
function withWordDocument(entry: PdfOnly): SitePolicy {
  const docx = (pdf: string) => pdf.replace(/\.pdf$/, '.docx');
  return { ...entry, docxHref: docx(entry.pdfHref), docxFileName: docx(entry.pdfFileName) };
}

function templateEntries(current: Project, publisher: PublisherPolicy): PdfOnly[] {
  const id = templateId(publisher.id);
  const releases = publisherReleases(current, publisher);
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
      policy: fillPolicy(resolvePolicy(current, id, publisher.model, model.release.id)),
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

function schoolEntries(current: Project, publisher: PublisherPolicy, school: SchoolPolicy): PdfOnly[] {
  const model = publisherModel(current, publisher);
  const base = policyBase('school', school.id, model.id);
  const common = { id: school.id, kind: 'school' as const, example: school.example, publisher, school, model: model.id, currentHref: base, historyHref: `${base}history/` };
  if (school.adoptions.length === 0) {
    const pdfFileName = `${school.id}-${model.id}.pdf`;
    const policy = fillPolicy(resolvePolicy(current, school.id, school.model));
    return [{ ...common, policy, release: model.release.id, adoption: undefined, draft: false, current: true, superseded: false, href: base, pdfHref: `${base}${pdfFileName}`, pdfFileName, changesHref: undefined }];
  }
  const versions = school.adoptions.map((adoption, index): PdfOnly => {
    const href = `${base}versions/${adoption.name}/`;
    const pdfFileName = `${school.id}-${model.id}-${adoption.name}.pdf`;
    const previous = school.adoptions[index - 1];
    return {
      ...common,
      policy: withApproval(fillPolicy(resolveAdopted(current, school, adoption)), adoption),
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
  const pending = pendingDraft(current, school);
  const draft: PdfOnly[] = pending
    ? [
        {
          ...common,
          policy: pending,
          release: model.release.id,
          adoption: undefined,
          draft: true,
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
function pendingDraft(current: Project, school: SchoolPolicy): FilledPolicy | undefined {
  const adopted = school.adoptions.at(-1);
  if (!adopted) return undefined;
  const policy = fillPolicy(resolvePolicy(current, school.id, school.model));
  return canonicalJson(policyText(policy).parts) === canonicalJson(adopted.snapshot.text.parts) ? undefined : policy;
}

/** Each school's policy at its current address: the entries behind a school's page, its PDF and its history. */
export function currentSchoolPolicies(): SitePolicy[] {
  return sitePolicies().filter((entry) => entry.kind === 'school' && entry.current);
}

/** Every comparison the site publishes: each school's renewals, and each publisher's template between releases. */
export function siteRedlines(): SiteRedline[] {
  if (!redlines) {
    const current = loadSiteProject();
    redlines = [];
    for (const publisher of publisherPolicies(current)) {
      const releases = publisherReleases(current, publisher).map((model) => model.release.id);
      const base = policyBase('template', publisher.id, publisher.model);
      releases.slice(1).forEach((to, index) => {
        const from = releases[index]!;
        const href = `${base}${changesPath(from, to)}`;
        const pdfFileName = `${templateId(publisher.id)}-${publisher.model}-${from}-to-${to}-changes.pdf`;
        const at = (release: string) => (release === releases.at(-1) ? base : `${base}${releasePath(release)}`);
        redlines!.push({ diff: diffTemplateReleases(current, publisher.id, publisher.model, from, to), publisher, school: undefined, model: publisher.model, href, pdfHref: `${href}${pdfFileName}`, pdfFileName, fromHref: at(from), toHref: at(to) });
      });
      for (const school of [...current.schools.values()].filter((one) => one.publisher === publisher.id).map((one) => one.policies.get(publisher.model)!)) {
        const schoolBase = policyBase('school', school.id, publisher.model);
        const draft = sitePolicies().find((entry) => entry.id === school.id && entry.model === school.model && entry.draft);
        if (draft) {
          const from = school.adoptions.at(-1)!;
          const href = `${schoolBase}${changesPath(from.name, 'draft')}`;
          const pdfFileName = `${school.id}-${publisher.model}-${from.name}-to-draft-changes.pdf`;
          redlines!.push({ diff: diffSchoolVersions(current, school, from, 'draft'), publisher, school, model: school.model, href, pdfHref: `${href}${pdfFileName}`, pdfFileName, fromHref: schoolBase, toHref: draft.href });
        }
        school.adoptions.slice(1).forEach((to, index) => {
          const from = school.adoptions[index]!;
          const href = `${schoolBase}${changesPath(from.name, to.name)}`;
          const pdfFileName = `${school.id}-${publisher.model}-${from.name}-to-${to.name}-changes.pdf`;
          redlines!.push({
            diff: diffSchoolVersions(current, school, from, to),
            publisher,
            school,
            model: school.model,
            href,
            pdfHref: `${href}${pdfFileName}`,
            pdfFileName,
            fromHref: `${schoolBase}versions/${from.name}/`,
            toHref: `${schoolBase}versions/${to.name}/`,
          });
        });
      }
    }
  }
  return redlines;
}

/** A file rendered once per build, however many pages offer it, kept by what it is made from and its kind. */
function renderOnce<T>(cache: WeakMap<object, Promise<T>>, key: object, render: () => Promise<T>): Promise<T> {
  let file = cache.get(key);
  if (!file) {
    file = render();
    cache.set(key, file);
  }
  return file;
}

/** A policy's PDF, shared by every page that offers it (the current address and the version's own). */
export function sitePdf(entry: SitePolicy): Promise<{ bytes: Uint8Array; pages: number }> {
  return renderOnce(pdfs, entry.policy, () => renderPdfWithPages(entry.policy));
}

/** A policy's Word document, rendered once per build and shared like its PDF. */
export function siteDocx(entry: SitePolicy): Promise<Uint8Array> {
  return renderOnce(docxs, entry.policy, () => renderDocx(entry.policy));
}

/** A redline's PDF, for its page (for its size) and its download. */
export function redlinePdf(entry: SiteRedline): Promise<{ bytes: Uint8Array; pages: number }> {
  return renderOnce(pdfs, entry.diff, () => renderRedlinePdf(entry.diff));
}

/** `107 KB`, `1.2 MB`: a file size as GOV.UK shows it. */
export function fileSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
