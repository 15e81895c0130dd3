import { loadProject, PolicyProblems, resolvePolicy, type Project, type Publisher, type School } from '@school-policy/core';
import { fillPolicy, renderPdfWithPages, type FilledPolicy } from '@school-policy/generator';

/** One school's policy as the site shows it. */
export interface SitePolicy {
  school: School;
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

/** Every school's filled policy, in the order of the schools/ folder. */
export function sitePolicies(): SitePolicy[] {
  if (!policies) {
    const current = loadSiteProject();
    policies = [...current.schools.values()].map((school) => {
      const publisher = current.publishers.get(school.publisher)!;
      const policy = fillPolicy(resolvePolicy(current, school.id));
      const href = `/schools/${school.id}/${policy.model.id}/`;
      const pdfFileName = `${school.id}-${policy.model.id}.pdf`;
      return { school, publisher, policy, href, pdfHref: `${href}${pdfFileName}`, pdfFileName };
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
