import { loadProject, type Project } from '@school-policy/core';
import { repositoryRoot } from './paths.js';

export { policyIds } from '@school-policy/core';

/** This repository's content, loaded as the command line loads it. */
export function repositoryProject(): Project {
  const { project, problems } = loadProject(repositoryRoot);
  if (problems.length > 0) throw new Error(problems.map((p) => p.format()).join('\n'));
  return project;
}
