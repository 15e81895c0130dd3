import { join } from 'node:path';
import { releaseLock, releaseLockName } from '@school-policy/core';
import { checkReleaseChanges } from '@school-policy/generator';
import { UsageError, type Io } from '../io.js';
import { checkProject, projectRoot, reportProblems } from '../project.js';
import { writeProjectFile } from '../write-project-file.js';

/**
 * `policy publish <model> <release>`: publishes a draft release. It must have no problems, and
 * its changelog must explain every change since the previous release; then the fingerprint of
 * each of its files is written to release.lock, and from then on it never changes.
 */
export async function publish(io: Io, options: { model: string | undefined; release: string | undefined; root: string | undefined }): Promise<number> {
  const usage = 'policy publish <model-id> <release>';
  const root = projectRoot(io, options.root);
  const { project, problems } = checkProject(root);
  if (!options.model || !options.release) throw new UsageError(`Name the model and the release to publish. Usage: ${usage}`);
  const releases = project.releases.get(options.model);
  if (!releases) throw new UsageError(`There is no model "${options.model}". The models are: ${[...project.releases.keys()].join(', ')}.`);
  const model = releases.find((candidate) => candidate.release.id === options.release);
  if (!model) throw new UsageError(`${options.model} has no release "${options.release}". Its releases are: ${releases.map((r) => r.release.id).join(', ')}.`);
  if (model.release.published) throw new UsageError(`Release ${model.release.id} of ${options.model} is already published; a published release never changes.`);
  const blocking = [...problems.filter((p) => p.location.file.startsWith(`${model.dir}/`)), ...checkReleaseChanges(project, { model: options.model, release: model.release.id })];
  if (blocking.length > 0) {
    reportProblems(io, blocking, `Mend them to publish release ${model.release.id}; nothing was written.`);
    return 1;
  }
  const lock = `${model.dir}/${releaseLockName}`;
  writeProjectFile(join(root, lock), releaseLock(root, model.dir, model.release.id));
  io.stdout.write(`Published release ${model.release.id} of ${options.model}: ${lock} fingerprints its files. Schools can now adopt it.\n`);
  return 0;
}
