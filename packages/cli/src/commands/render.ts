import { detailsProblemsInRelease, listedIds, loadProject, modelRelease, PolicyProblems, problem, publisherModel, resolveAdopted, resolvePolicy, suggest, templateOwner, UnknownSchool } from '@school-policy/core';
import { fillPolicy, findVersion, renderDocx, renderHtmlDocument, renderMarkdown, renderPdf, renderText, withApproval, type FilledPolicy } from '@school-policy/generator';
import { UsageError, writeOutFile, type Io } from '../io.js';
import { choosePolicy, defaultCacheDir, isSchoolsOwnFile, projectRoot, reportProblems, reportWarnings, scopeFor } from '../project.js';

const formats: Record<string, (policy: FilledPolicy) => string | Promise<Uint8Array>> = {
  txt: renderText,
  md: renderMarkdown,
  html: renderHtmlDocument,
  pdf: renderPdf,
  docx: renderDocx,
};

/** Formats that are files, not text: never written to a terminal. */
const binary: Record<string, string> = {
  pdf: 'A PDF is not text: give --out FILE, or redirect the output to a file (> policy.pdf).',
  docx: 'A Word document is not text: give --out FILE, or redirect the output to a file (> policy.docx).',
};

/** `policy render <school-id> --format …`: one school's policy, to stdout or to --out FILE. */
export async function render(
  io: Io,
  options: { school: string | undefined; format: string | undefined; out: string | undefined; root: string | undefined; version?: string | undefined; release?: string | undefined; policy?: string | undefined },
): Promise<number> {
  const { school: id, format, out } = options;
  const names = Object.keys(formats).join(', ');
  if (!id) throw new UsageError('Name the school: policy render <school-id> --format txt. Run "policy list" to see every school\'s id.');
  if (!format) throw new UsageError(`Choose a format with --format: ${names}.`);
  const renderer = formats[format];
  if (!renderer) {
    const guess = suggest(format, Object.keys(formats));
    throw new UsageError(`--format ${format} is not a format.${guess ? ` Did you mean ${guess}?` : ''} The formats are: ${names}.`);
  }
  if (binary[format] && !out && io.stdout.isTTY) throw new UsageError(binary[format]);

  // Only this school (or this template's publisher), its publisher and their models are read: no other school's file.
  const root = projectRoot(io, options.root);
  const { project, problems } = loadProject(root, scopeFor(id), { cache: defaultCacheDir() });
  const school = project.schools.get(id);
  const templateOf = templateOwner(project, id);
  // A school's own files: its YAML file and the snapshots of its adopted versions beside it.
  const ownFile = (file: string) => isSchoolsOwnFile(file, id);
  if (!school && !templateOf) {
    const own = problems.filter((p) => ownFile(p.location.file));
    if (own.length > 0) {
      reportProblems(io, own, `Mend them to render ${id}.`);
      return 1;
    }
    const { templates, schools } = listedIds(root, id);
    throw new PolicyProblems([problem(UnknownSchool, { file: '' }, [id], [suggest(id, [...templates, ...schools])])]);
  }
  const modelId = choosePolicy(project, id, options.policy, (policy) => `policy render ${id} --policy ${policy} --format ${format}`);
  const publisher = (templateOf ?? project.publishers.get(school!.publisher)!).policies.get(modelId)!;
  const schoolPolicy = school?.policies.get(modelId);
  const releases = project.releases.get(modelId)!;
  const takenUp = publisher.releases.map((taken) => taken.release);
  if (options.release !== undefined && (school || !releases.some((model) => model.release.id === options.release))) {
    throw new UsageError(
      school
        ? `--release is for a publisher's template; a school's versions are chosen with --version (run "policy history ${id} --policy ${modelId}").`
        : `${modelId} has no release "${options.release}". Its releases are: ${releases.map((model) => model.release.id).join(', ')}; ${publisher.name} publishes ${takenUp.join(', ')}.`,
    );
  }
  if (options.version !== undefined && !school) throw new UsageError(`--version is for a school; a template's releases are chosen with --release.`);
  const version = schoolPolicy ? findVersion(schoolPolicy, options.version ?? (schoolPolicy.adoptions.length > 0 ? 'current' : 'draft')) : undefined;
  if (schoolPolicy && !version) {
    throw new UsageError(`${id} has no version "${options.version}" of ${modelId}. Its versions are: ${[...schoolPolicy.adoptions.map((a) => a.name), 'current', 'draft'].join(', ')}.`);
  }
  const model = version && version !== 'draft' ? modelRelease(project, modelId, version.release) : options.release ? modelRelease(project, modelId, options.release) : publisherModel(project, publisher);
  const relevant = (file: string) => file.startsWith(`${model.dir}/`) || file === publisher.file || (school !== undefined && ownFile(file));
  const blocking = problems.filter((p) => relevant(p.location.file));
  // A template of another release than the latest is filled with the publisher's details as they are now: each must be one that release can fill.
  if (!school && options.release !== undefined) {
    blocking.push(
      ...detailsProblemsInRelease(project, publisher.id, modelId, undefined, options.release, (added) =>
        added ? `Render release ${added}, which has it, or change the detail to one release ${options.release} has.` : `Change it to a value release ${options.release} accepts.`,
      'ignore'),
    );
  }
  if (blocking.length > 0) {
    reportProblems(io, blocking, `Mend them to render ${id}.`);
    return 1;
  }

  const adopted = school && version && version !== 'draft' ? version : undefined;
  const filled = adopted ? withApproval(fillPolicy(resolveAdopted(project, schoolPolicy!, adopted)), adopted) : fillPolicy(resolvePolicy(project, id, modelId, options.release));
  const output = await renderer(filled);
  if (out) {
    writeOutFile(io, out, output);
    io.stderr.write(`Wrote ${out}\n`);
  } else {
    io.stdout.write(output);
  }
  // A release the publisher has not taken up (a draft, or one it has not moved to) is a preview: its schools do not see it.
  if (!school && options.release !== undefined && !takenUp.includes(options.release)) {
    io.stderr.write(
      `Note: ${publisher.name} has not taken up release ${options.release} of ${modelId}; this is how its template would read if it did. Its schools see ${publisher.release} until it adds ${options.release} under policies.${modelId}.releases in ${publisher.file}.\n`,
    );
  }
  reportWarnings(io, problems.filter((p) => !relevant(p.location.file)), `they are in files ${id}'s policy does not use, so it was rendered`);
  return 0;
}
