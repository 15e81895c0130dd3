import { loadProject, templateId } from '@school-policy/core';
import { formatMonthOrDate } from '@school-policy/generator';
import type { Io } from '../io.js';
import { projectRoot, reportWarnings } from '../project.js';

/**
 * `policy list`: every publisher's blank template and every school, by id. A file with problems
 * does not stop it: what loaded is listed, the problems follow on standard error as warnings,
 * and the exit code is 1, since the list leaves out what could not be loaded.
 */
export async function list(io: Io, options: { root: string | undefined }): Promise<number> {
  const { project, problems } = loadProject(projectRoot(io, options.root));
  const rows: [string, string][] = [];
  for (const publisher of project.publishers.values()) {
    rows.push([templateId(publisher.id), `${publisher.name}: blank template for its schools`]);
    for (const school of project.schools.values()) {
      if (school.publisher !== publisher.id) continue;
      const current = school.adoptions.at(-1);
      const state = current ? `version ${current.version}, approved ${formatMonthOrDate(current.approved)}` : 'not yet adopted';
      rows.push([school.id, `${school.name} (${publisher.name})${school.example ? ', an example' : ''}: ${state}`]);
    }
  }
  const width = Math.max(0, ...rows.map(([id]) => id.length));
  for (const [id, text] of rows) io.stdout.write(`${id.padEnd(width)}  ${text}\n`);
  reportWarnings(io, problems, 'a school or template whose files have problems is not listed');
  return problems.length > 0 ? 1 : 0;
}
