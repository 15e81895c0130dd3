import { loadProject, publisherModel, suggest, templateId } from '@school-policy/core';
import { formatMonthOrDate } from '@school-policy/generator';
import { UsageError, type Io } from '../io.js';
import { defaultCacheDir, projectRoot, reportWarnings } from '../project.js';

/**
 * `policy list`: every publisher's blank template and every school, by id, each with its
 * policies: a template's release, a school's adopted version or "not yet adopted". A file with
 * problems does not stop it: what loaded is listed, the problems follow on standard error as
 * warnings, and the exit code is 1, since the list leaves out what could not be loaded.
 */
export async function list(io: Io, options: { root: string | undefined; policy?: string | undefined }): Promise<number> {
  const { project, problems } = loadProject(projectRoot(io, options.root), undefined, { cache: defaultCacheDir() });
  const known = [...project.releases.keys()];
  if (options.policy !== undefined && !known.includes(options.policy)) {
    const guess = suggest(options.policy, known);
    throw new UsageError(`--policy ${options.policy}: there is no model "${options.policy}" in templates/.${guess ? ` Did you mean "${guess}"?` : ''} The models are: ${known.join(', ')}.`);
  }
  const wanted = (model: string) => options.policy === undefined || options.policy === model;
  const rows: [string, string, string][] = [];
  for (const publisher of project.publishers.values()) {
    for (const policy of publisher.policies.values()) {
      if (!wanted(policy.model)) continue;
      const title = publisherModel(project, policy).title;
      rows.push([templateId(publisher.id), policy.model, `${publisher.name}: blank template of its ${title} for its schools, release ${policy.release}`]);
    }
    for (const school of project.schools.values()) {
      if (school.publisher !== publisher.id) continue;
      for (const policy of school.policies.values()) {
        if (!wanted(policy.model)) continue;
        const current = policy.adoptions.at(-1);
        const state = current ? `version ${current.version}, approved ${formatMonthOrDate(current.approved)}` : 'not yet adopted';
        rows.push([school.id, policy.model, `${school.name} (${publisher.name})${school.example ? ', an example' : ''}: ${state}`]);
      }
    }
  }
  const width = Math.max(0, ...rows.map(([id]) => id.length));
  const policyWidth = Math.max(0, ...rows.map(([, model]) => model.length));
  for (const [id, model, text] of rows) io.stdout.write(`${id.padEnd(width)}  ${model.padEnd(policyWidth)}  ${text}\n`);
  reportWarnings(io, problems, 'a school or template whose files have problems is not listed');
  return problems.length > 0 ? 1 : 0;
}
