import { loadProject } from '@school-policy/core';
import type { Io } from '../io.js';
import { projectRoot } from '../project.js';

/** `policy list`: every school's id and name, with its publisher. */
export async function list(io: Io, options: { root: string | undefined }): Promise<number> {
  const { project } = loadProject(projectRoot(io, options.root));
  const schools = [...project.schools.values()];
  const width = Math.max(0, ...schools.map((school) => school.id.length));
  for (const school of schools) {
    const publisher = project.publishers.get(school.publisher);
    io.stdout.write(`${school.id.padEnd(width)}  ${school.name} (${publisher?.name ?? school.publisher})\n`);
  }
  return 0;
}
