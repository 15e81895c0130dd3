import { existsSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { badInputCases, fill, fingerprint, setUpCase, type CasePlaces } from './support/bad-input.js';
import { policy } from './support/policy-cli.js';

/**
 * The bad-input suite: one case a folder of test/fixtures/bad-input/ (see its README.md). Each
 * sets up a project, runs one policy command, and checks its exit code, its messages, that it
 * printed no stack trace, and that it lost nothing it must not touch.
 */
const cases = badInputCases();
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A line of a Node.js stack trace: what a user must never be shown. */
const stackLine = /^\s+at .+(:\d+:\d+\)?|\(node:.+\))$/m;

describe('bad input', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => ({ ...c, title: `${c.name}: ${c.about}` })))('$title', (testCase) => {
    const places: CasePlaces = setUpCase(testCase);
    made.push(dirname(places.root));
    const watched = testCase.unchanged.flatMap((path) => (path === 'all' ? [places.root, places.tmp] : [fill(path, places)]));
    const before = new Map(watched.map((path) => [path, fingerprint(path)]));
    const result = policy(testCase.run.map((arg) => fill(arg, places)), { cwd: fill(testCase.cwd, places), env: Object.fromEntries(Object.entries(testCase.env).map(([key, value]) => [key, fill(value, places)])) });
    const stderr = result.stderr;
    expect(stderr, 'a stack trace was printed').not.toMatch(stackLine);
    for (const text of testCase.stderr) expect(stderr).toContain(fill(text, places));
    for (const text of testCase.stdout) expect(result.stdout).toContain(fill(text, places));
    expect(result.code, `exit code; stderr was:\n${stderr}`).toBe(testCase.exit);
    for (const [path, print] of before) expect(Object.fromEntries(fingerprint(path)), `${path} changed`).toEqual(Object.fromEntries(print));
    for (const path of testCase.absent) expect(existsSync(fill(path, places)), `${path} should not exist`).toBe(false);
    for (const path of testCase.present) expect(existsSync(fill(path, places)), `${path} should exist`).toBe(true);
  });
});
