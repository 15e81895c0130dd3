import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { problem, releaseAdopters, ReleaseAlreadyPublished, releaseLock, releaseLockName, upgradedReleaseLock, type Model } from '@school-policy/core';
import { checkReleaseChanges } from '@school-policy/generator';
import { UsageError, type Io } from '../io.js';
import { checkProject, projectRoot, reportProblems } from '../project.js';
import { writeProjectFile } from '../write-project-file.js';

/**
 * `policy publish <model> <release>`: publishes a draft release. It must have no problems, and
 * its changelog must explain every change since the previous release; then the fingerprint of
 * every file in its folder is written to release.lock, and from then on it never changes. A
 * release that is published (its lock is there), that a school has adopted, or whose lock was
 * committed to version control and deleted since, is never published again.
 * With --upgrade-lock, rewrites a published release's lock of the first format, which left out
 * release.yaml and CHANGELOG.md, in the current format, once the files it fingerprinted are as they were.
 */
export async function publish(io: Io, options: { model: string | undefined; release: string | undefined; root: string | undefined; upgradeLock?: boolean | undefined }): Promise<number> {
  const usage = 'policy publish <model-id> <release> [--upgrade-lock]';
  const root = projectRoot(io, options.root);
  const { project, problems } = checkProject(root, undefined, { keepFilled: false });
  if (!options.model || !options.release) throw new UsageError(`Name the model and the release to publish. Usage: ${usage}`);
  const releases = project.releases.get(options.model);
  if (!releases) throw new UsageError(`There is no model "${options.model}". The models are: ${[...project.releases.keys()].join(', ')}.`);
  const model = releases.find((candidate) => candidate.release.id === options.release);
  if (!model) throw new UsageError(`${options.model} has no release "${options.release}". Its releases are: ${releases.map((r) => r.release.id).join(', ')}.`);
  const lock = `${model.dir}/${releaseLockName}`;
  if (options.upgradeLock) return upgradeLock(io, root, model, lock);
  if (existsSync(join(root, lock))) {
    throw new UsageError(
      `Release ${model.release.id} of ${options.model} is already published (${lock} fingerprints its files); a published release never changes. To change the model, copy its folder to a new one named by the new release's month, delete the copy's release.lock, make the changes there and publish that.`,
    );
  }
  const refusal = (why: string) => {
    reportProblems(io, [problem(ReleaseAlreadyPublished, { file: lock }, [model.release.id, options.model!, why], [options.model!, lock])], `Nothing was written.`);
    return 1;
  };
  const adopters = releaseAdopters(root, options.model, model.release.id);
  if (adopters.length > 0) {
    return refusal(`has been adopted by ${adopters.length === 1 ? 'one school' : `${adopters.length} schools`} (${adopters.join(', ')}), so it was published and ${lock} is missing`);
  }
  const committed = lockInVersionControl(root, lock, model.release.id);
  if (committed) return refusal(`was published: ${lock} was committed to version control (${committed}) and has been deleted since`);
  const blocking = [...problems.filter((p) => p.location.file.startsWith(`${model.dir}/`)), ...checkReleaseChanges(project, { model: options.model, release: model.release.id })];
  if (blocking.length > 0) {
    reportProblems(io, blocking, `Mend them to publish release ${model.release.id}; nothing was written.`);
    return 1;
  }
  writeProjectFile(join(root, lock), releaseLock(root, model.dir, model.release.id));
  io.stdout.write(`Published release ${model.release.id} of ${options.model}: ${lock} fingerprints its files. A publisher takes it up by adding it under policies.${options.model}.releases in its publisher.yaml; its schools then adopt it.\n`);
  return 0;
}

/** `policy publish <model> <release> --upgrade-lock`: the lock of a published release, rewritten in the current format. */
function upgradeLock(io: Io, root: string, model: Model, lock: string): number {
  if (!existsSync(join(root, lock))) throw new UsageError(`Release ${model.release.id} has no ${releaseLockName} to upgrade: --upgrade-lock is for a release published with an older version of policy.`);
  const upgraded = upgradedReleaseLock(root, model.dir, model.release.id);
  if (upgraded.problems.length > 0) {
    reportProblems(io, upgraded.problems, `Mend them to upgrade ${lock}; nothing was written.`);
    return 1;
  }
  if (!upgraded.lock) {
    io.stdout.write(`${lock} is in the current format already: it fingerprints every file of release ${model.release.id}. Nothing was written.\n`);
    return 0;
  }
  writeProjectFile(join(root, lock), upgraded.lock);
  io.stdout.write(`Upgraded ${lock}: it fingerprints every file of release ${model.release.id}, release.yaml and CHANGELOG.md too.\n`);
  return 0;
}

/**
 * The commit (`abc1234, 2026-09-01`) at which version control last held this release's lock, if
 * the project is in a git repository that has it; undefined without git, or if it never did.
 * Only a lock written for this very release counts, not one copied with the folder of another.
 */
function lockInVersionControl(root: string, lock: string, releaseId: string): string | undefined {
  const git = (args: string[]) => {
    const result = spawnSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return result.error || result.status !== 0 ? undefined : result.stdout;
  };
  const log = git(['log', '--format=%h %as', '-n', '20', '--', lock]);
  for (const line of (log ?? '').split('\n').filter(Boolean)) {
    const [commit, date] = line.split(' ');
    const text = git(['show', `${commit}:./${lock}`]);
    if (text?.split(/\r?\n/).some((row) => row.startsWith(`# Release ${releaseId} as published`))) return `${commit}, ${date}`;
  }
  return undefined;
}
