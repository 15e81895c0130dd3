import { describe, expect, it } from 'vitest';
import { main, type Io } from '../src/index.js';

async function run(args: string[], cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: { write: (chunk) => (stdout += String(chunk)) }, stderr: { write: (chunk) => (stderr += chunk) }, cwd };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('the policy command line', () => {
  it('lists the commands when asked for help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: policy <command> [options]');
    for (const command of ['check', 'build', 'render', 'list']) expect(stdout).toContain(`  ${command} `);
  });

  it('suggests the command a user probably meant, with exit code 2', async () => {
    const { code, stderr } = await run(['chek']);
    expect(code).toBe(2);
    expect(stderr).toBe('"chek" is not a policy command. Did you mean "check"? The commands are: check, build, assemble, render, list, status, params, publish, adopt, import, renew, import-docx, history, diff.\n');
  });

  it('refuses an argument a command does not take, with its usage and exit code 2, before it reads or writes anything', async () => {
    const calls: [string[], string][] = [
      [['check', 'extra'], 'policy check takes no arguments besides its options, but was also given "extra".'],
      [['build', 'extra'], 'policy build takes no arguments besides its options, but was also given "extra".'],
      [['list', 'extra'], 'policy list takes no arguments besides its options, but was also given "extra".'],
      [['params', 'extra'], 'policy params takes no arguments besides its options, but was also given "extra".'],
      [['render', 'laughton-cps', 'extra', '--format', 'txt'], 'policy render takes one argument, <id>, but was also given "extra".'],
      [['publish', 'social-media', '2026-09', 'extra'], 'policy publish takes 2 arguments, <model-id> <release>, but was also given "extra".'],
      [['adopt', 'laughton-cps', '--approved', '2026-10-14', '--signed', 'Jane', 'Smith'], 'policy adopt takes one argument, <school-id>, but was also given "Smith". (A value with spaces needs quotes.)'],
      [['history', 'laughton-cps', 'extra'], 'policy history takes one argument, <school-id>, but was also given "extra".'],
      [['diff', 'laughton-cps', 'v1', 'v2', 'extra'], 'policy diff takes 3 arguments, <school-id> <from> <to>, but was also given "extra".'],
    ];
    for (const [args, message] of calls) {
      const { code, stdout, stderr } = await run(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toContain(message);
      expect(stderr).toContain(`\nUsage: policy ${args[0]} `);
      expect(stdout).toBe('');
    }
  });

  it('suggests the format a user probably meant', async () => {
    const { code, stderr } = await run(['render', 'laughton-cps', '--format', 'text']);
    expect(code).toBe(2);
    expect(stderr).toBe('--format text is not a format. Did you mean txt? The formats are: txt, md, html, pdf, docx.\n');
  });

  it('writes no PDF or Word document to a terminal', async () => {
    for (const [format, words] of [['pdf', 'A PDF is not text'], ['docx', 'A Word document is not text']] as const) {
      let stdout = '';
      let stderr = '';
      const io: Io = { stdout: { write: (chunk) => (stdout += String(chunk)), isTTY: true }, stderr: { write: (chunk) => (stderr += chunk) }, cwd: process.cwd() };
      expect(await main(['render', 'laughton-cps', '--format', format], io)).toBe(2);
      expect(stderr).toContain(`${words}: give --out FILE, or redirect the output to a file (> policy.${format}).`);
      expect(stdout).toBe('');
    }
  });

  it('explains an unknown option with the usage of the command', async () => {
    const { code, stderr } = await run(['check', '--strict']);
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown option '--strict'");
    expect(stderr).toContain('Usage: policy check [--root DIR]');
  });

  it('asks for the school when render is given none', async () => {
    const { code, stderr } = await run(['render', '--format', 'txt']);
    expect(code).toBe(2);
    expect(stderr).toContain('Name the school: policy render <school-id> --format txt.');
  });

  it('refuses a shard that is not K of N, a batch that is not a number of schools, or both --cache and --no-cache, before it reads or builds anything', async () => {
    const repository = new URL('../../../', import.meta.url).pathname;
    for (const shard of ['4/3', '0/3', '2', 'two/three']) {
      const { code, stderr } = await run(['build', '--shard', shard, '--root', repository, '--out', '/nonexistent/site']);
      expect(code).toBe(2);
      expect(stderr).toBe(`--shard ${shard}: give K/N, the shard to build and how many there are, with 1 ≤ K ≤ N (at most 10000), for example --shard 2/5.\n`);
    }
    const both = await run(['build', '--cache', 'x', '--no-cache', '--root', repository]);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('Give --cache DIR or --no-cache, not both.\n');
    for (const batch of ['0', 'ten', '2.5']) {
      const { code, stderr } = await run(['build', '--batch', batch, '--root', repository, '--out', '/nonexistent/site']);
      expect(code).toBe(2);
      expect(stderr).toBe(`--batch ${batch}: give how many schools to build in one process (about: schools are split by a hash of their ids), a whole number of at least 1 (the default is 100).\n`);
    }
  });

  it('refuses to assemble a folder that is not a shard, naming it', async () => {
    const repository = new URL('../../../', import.meta.url).pathname;
    const { code, stderr } = await run(['assemble', 'templates', '--root', repository, '--out', '/nonexistent/site'], repository);
    expect(code).toBe(2);
    expect(stderr).toContain('templates is not a shard\'s output: it has no shard.json.');
  }, 120_000);
});
