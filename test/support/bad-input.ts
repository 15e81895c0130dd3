import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { parse } from 'yaml';
import { fixtures, repositoryRoot } from './paths.js';
import { policy } from './policy-cli.js';

/**
 * A bad-input case: one folder of `test/fixtures/bad-input/`, holding `case.yaml` (what to set up,
 * which command to run, what it must answer) and, optionally, `files/`, copied over the project
 * before the case's edits. See test/fixtures/bad-input/README.md.
 */
export interface BadInputCase {
  name: string;
  folder: string;
  about: string;
  /** The number of the defect, in the hardening list, that this case shows fixed. */
  defect: number;
  /** `copy`: this repository's templates/, schools/ and site.yaml; `empty`: an empty folder. */
  project: 'copy' | 'empty';
  edits: Edit[];
  run: string[];
  cwd: string;
  env: Record<string, string>;
  exit: number;
  stderr: string[];
  stdout: string[];
  /** Paths (with placeholders) whose every byte must be as before the command; `all` for the project and the temporary folder. */
  unchanged: string[];
  /** Paths (with placeholders) that must not exist after the command. */
  absent: string[];
  /** Paths (with placeholders) that must exist after the command. */
  present: string[];
}

export type Edit =
  | { file: string; replace: string; with: string; all?: boolean }
  | { file: string; write: string }
  | { file: string; append: string }
  | { file: string; repeat: string; times: number }
  | { remove: string }
  | { mkdir: string }
  | { symlink: string; to: string }
  | { fifo: string }
  | { copy: string; to: string }
  | { policy: string[] };

const casesFolder = join(fixtures, 'bad-input');

/** Every case folder, by name, sorted. */
export function badInputCases(): BadInputCase[] {
  if (!existsSync(casesFolder)) return [];
  return readdirSync(casesFolder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => readCase(name));
}

function readCase(name: string): BadInputCase {
  const folder = join(casesFolder, name);
  const file = join(folder, 'case.yaml');
  const data = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const known = ['about', 'defect', 'project', 'edit', 'run', 'cwd', 'env', 'exit', 'stderr', 'stdout', 'unchanged', 'absent', 'present'];
  for (const key of Object.keys(data)) {
    if (!known.includes(key)) throw new Error(`${relative(repositoryRoot, file)}: "${key}" is not a field of a bad-input case; the fields are ${known.join(', ')}.`);
  }
  const list = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);
  if (typeof data.about !== 'string') throw new Error(`${relative(repositoryRoot, file)}: give "about", the behaviour this case shows.`);
  if (!Array.isArray(data.run)) throw new Error(`${relative(repositoryRoot, file)}: give "run", the policy command's arguments as a list.`);
  if (typeof data.exit !== 'number') throw new Error(`${relative(repositoryRoot, file)}: give "exit", the exit code the command must give.`);
  return {
    name,
    folder,
    about: data.about,
    defect: Number(data.defect ?? 0),
    project: data.project === 'empty' ? 'empty' : 'copy',
    edits: (data.edit as Edit[] | undefined) ?? [],
    run: data.run.map(String),
    cwd: typeof data.cwd === 'string' ? data.cwd : '{root}',
    env: Object.fromEntries(Object.entries((data.env as Record<string, unknown> | undefined) ?? {}).map(([key, value]) => [key, String(value)])),
    exit: data.exit,
    stderr: list(data.stderr),
    stdout: list(data.stdout),
    unchanged: list(data.unchanged),
    absent: list(data.absent),
    present: list(data.present),
  };
}

/** The folders a case runs in: `{root}` the project, `{tmp}` a spare temporary folder, `{out}` a folder in it that does not exist yet. */
export interface CasePlaces {
  root: string;
  tmp: string;
  out: string;
  repo: string;
}

export function fill(text: string, places: CasePlaces): string {
  return text.replace(/\{(root|tmp|out|repo)\}/g, (_, key: keyof CasePlaces) => places[key].replace(/[\\/]$/, ''));
}

/** Sets up a case's project: the copy, then `files/`, then each edit in order. */
export function setUpCase(testCase: BadInputCase): CasePlaces {
  const base = mkdtempSync(join(tmpdir(), `policy-bad-${testCase.name}-`));
  const places: CasePlaces = { root: join(base, 'project'), tmp: join(base, 'tmp'), out: join(base, 'tmp', 'out'), repo: repositoryRoot };
  mkdirSync(places.root);
  mkdirSync(places.tmp);
  if (testCase.project === 'copy') {
    for (const path of ['templates', 'schools', 'site.yaml']) cpSync(join(repositoryRoot, path), join(places.root, path), { recursive: true });
  }
  const overlay = join(testCase.folder, 'files');
  if (existsSync(overlay)) cpSync(overlay, places.root, { recursive: true });
  for (const edit of testCase.edits) applyEdit(edit, places, testCase);
  return places;
}

function applyEdit(edit: Edit, places: CasePlaces, testCase: BadInputCase): void {
  const at = (path: string) => {
    const filled = fill(path, places);
    return filled.startsWith('/') ? filled : join(places.root, filled);
  };
  if ('replace' in edit) {
    const file = at(edit.file);
    const text = readFileSync(file, 'utf8');
    if (!text.includes(edit.replace)) throw new Error(`bad-input case ${testCase.name}: ${edit.file} has no "${edit.replace}" to replace.`);
    writeFileSync(file, edit.all ? text.split(edit.replace).join(fill(edit.with, places)) : text.replace(edit.replace, () => fill(edit.with, places)));
  } else if ('write' in edit) {
    mkdirSync(dirname(at(edit.file)), { recursive: true });
    writeFileSync(at(edit.file), fill(edit.write, places));
  } else if ('append' in edit) {
    writeFileSync(at(edit.file), readFileSync(at(edit.file), 'utf8') + fill(edit.append, places));
  } else if ('repeat' in edit) {
    mkdirSync(dirname(at(edit.file)), { recursive: true });
    writeFileSync(at(edit.file), edit.repeat.repeat(edit.times));
  } else if ('remove' in edit) {
    rmSync(at(edit.remove), { recursive: true, force: true });
  } else if ('mkdir' in edit) {
    mkdirSync(at(edit.mkdir), { recursive: true });
  } else if ('symlink' in edit) {
    mkdirSync(dirname(at(edit.symlink)), { recursive: true });
    symlinkSync(fill(edit.to, places), at(edit.symlink));
  } else if ('fifo' in edit) {
    execFileSync('mkfifo', [at(edit.fifo)]);
  } else if ('copy' in edit) {
    cpSync(at(edit.copy), at(edit.to), { recursive: true });
  } else if ('policy' in edit) {
    const result = policy(edit.policy.map((arg) => fill(String(arg), places)), { cwd: places.root });
    if (result.code !== 0) throw new Error(`bad-input case ${testCase.name}: setting up, policy ${edit.policy.join(' ')} gave exit code ${result.code}:\n${result.stderr}`);
  } else {
    throw new Error(`bad-input case ${testCase.name}: an edit must be one of replace, write, append, repeat, remove, mkdir, symlink, fifo, copy or policy.`);
  }
}

/** A fingerprint of every file, folder and link under a path, by its path: what "nothing lost" compares. */
export function fingerprint(path: string): Map<string, string> {
  const prints = new Map<string, string>();
  const visit = (current: string) => {
    let stat;
    try {
      stat = lstatSync(current);
    } catch {
      return;
    }
    const key = relative(path, current).split(sep).join('/') || '.';
    if (stat.isSymbolicLink()) prints.set(key, `link ${readlinkSync(current)}`);
    else if (stat.isDirectory()) {
      prints.set(key, 'folder');
      for (const name of readdirSync(current).sort()) visit(join(current, name));
    } else if (stat.isFile()) prints.set(key, `file ${createHash('sha256').update(readFileSync(current)).digest('hex')}`);
    else prints.set(key, 'other');
  };
  visit(path);
  return prints;
}
