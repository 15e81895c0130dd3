import { loadProject, PolicyProblems, resolvePolicy, templateId, type Project, type Publisher } from '@school-policy/core';
import { fillPolicy, renderPdfWithPages, type FilledPolicy } from '@school-policy/generator';

/** One policy as the site shows it: a school's own, or a publisher's blank template. */
export interface SitePolicy {
  /** The school's id, or the template's (`<publisher>-template`). */
  id: string;
  kind: FilledPolicy['kind'];
  /** Whether the school is a made-up example. */
  example: boolean;
  publisher: Publisher;
  policy: FilledPolicy;
  /** The policy page, and the PDF beside it. */
  href: string;
  pdfHref: string;
  pdfFileName: string;
}

let project: Project | undefined;
let policies: SitePolicy[] | undefined;
const pdfs = new Map<string, Promise<{ bytes: Uint8Array; pages: number }>>();

/** The project in POLICY_ROOT (set by astro.config.mjs or `policy build --root`), loaded once per build. */
export function loadSiteProject(): Project {
  if (!project) {
    const loaded = loadProject(process.env.POLICY_ROOT!);
    if (loaded.problems.length > 0) throw new PolicyProblems(loaded.problems);
    project = loaded.project;
  }
  return project;
}

/** Every publisher's blank template and every school's policy, publisher by publisher. */
export function sitePolicies(): SitePolicy[] {
  if (!policies) {
    const current = loadSiteProject();
    policies = [...current.publishers.values()].flatMap((publisher) => {
      const schools = [...current.schools.values()].filter((school) => school.publisher === publisher.id);
      return [templateId(publisher.id), ...schools.map((school) => school.id)].map((id): SitePolicy => {
        const policy = fillPolicy(resolvePolicy(current, id));
        const href = policy.kind === 'template' ? `/publishers/${publisher.id}/${policy.model.id}/` : `/schools/${id}/${policy.model.id}/`;
        const pdfFileName = `${id}-${policy.model.id}.pdf`;
        const example = current.schools.get(id)?.example ?? false;
        return { id, kind: policy.kind, example, publisher, policy, href, pdfHref: `${href}${pdfFileName}`, pdfFileName };
      });
    });
  }
  return policies;
}

/** A policy's PDF, rendered once and shared by its page (for its size) and its download. */
export function sitePdf(entry: SitePolicy): Promise<{ bytes: Uint8Array; pages: number }> {
  let pdf = pdfs.get(entry.pdfHref);
  if (!pdf) {
    pdf = renderPdfWithPages(entry.policy);
    pdfs.set(entry.pdfHref, pdf);
  }
  return pdf;
}

/** `107 KB`, `1.2 MB`: a file size as GOV.UK shows it. */
export function fileSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
