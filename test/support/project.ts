import { loadProject, templateId, type Project } from '@school-policy/core';
import { repositoryRoot } from './paths.js';

/** This repository's content, loaded as the command line loads it. */
export function repositoryProject(): Project {
  const { project, problems } = loadProject(repositoryRoot);
  if (problems.length > 0) throw new Error(problems.map((p) => p.format()).join('\n'));
  return project;
}

/** Every policy the repository publishes: each publisher's blank template, then each school. */
export function policyIds(project: Project): string[] {
  return [...[...project.publishers.keys()].map(templateId), ...project.schools.keys()];
}
