import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from './paths.js';

const bin = join(repositoryRoot, 'packages/cli/bin/policy.js');

/** Runs the built `policy` command as a user would, returning its exit code and output. */
export function policy(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): { code: number; stdout: string; stderr: string; bytes: Buffer } {
  if (!existsSync(join(repositoryRoot, 'packages/cli/dist/main.js'))) {
    throw new Error('The policy command is not built: run "npm run build" before these tests (npm test does it for you).');
  }
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? repositoryRoot,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8'), bytes: result.stdout };
}
