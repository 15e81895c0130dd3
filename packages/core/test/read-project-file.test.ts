import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { maxTextFileBytes, projectEntry, readProjectFile } from '../src/index.js';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A project folder and a folder beside it, outside the project. */
function folders(): { root: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'policy-read-'));
  made.push(base);
  const root = join(base, 'project');
  const outside = join(base, 'outside');
  mkdirSync(join(root, 'schools'), { recursive: true });
  mkdirSync(outside);
  return { root, outside };
}

const refusal = (result: ReturnType<typeof readProjectFile>) => (result.status === 'refused' ? result.problem.format() : result.status);

describe('reading a file of the project', () => {
  it('reads UTF-8 text and drops a byte-order mark', () => {
    const { root } = folders();
    writeFileSync(join(root, 'schools/a.yaml'), '\uFEFFname: Ysgol Gymraeg Aberdâr\n');
    expect(readProjectFile(root, 'schools/a.yaml')).toEqual({ status: 'read', text: 'name: Ysgol Gymraeg Aberdâr\n' });
  });

  it('refuses text that is not UTF-8, at the first byte that is not', () => {
    const { root } = folders();
    writeFileSync(join(root, 'schools/a.yaml'), Buffer.concat([Buffer.from('name: x\nmotto: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    expect(refusal(readProjectFile(root, 'schools/a.yaml'))).toBe(
      'schools/a.yaml:2:12 This file is not UTF-8 text: the byte here cannot be read as a character, so the file was not read.\n    Save the file as UTF-8 (in most editors: Save As, then choose the encoding UTF-8), and check the characters around here.',
    );
  });

  it('reads a file of exactly the size limit, and refuses one a byte over it', () => {
    const { root } = folders();
    writeFileSync(join(root, 'schools/a.yaml'), '#'.repeat(maxTextFileBytes));
    writeFileSync(join(root, 'schools/b.yaml'), '#'.repeat(maxTextFileBytes + 1));
    expect(readProjectFile(root, 'schools/a.yaml').status).toBe('read');
    expect(refusal(readProjectFile(root, 'schools/b.yaml'))).toMatch(/^schools\/b\.yaml This file is 1 MiB, more than the 1 MiB a file of its kind may be/);
  });

  it('follows a link, to a file or a folder, that stays inside the project', () => {
    const { root } = folders();
    mkdirSync(join(root, 'schools/real'));
    writeFileSync(join(root, 'schools/real/a.yaml'), 'name: A\n');
    symlinkSync('real', join(root, 'schools/linked'));
    symlinkSync('real/a.yaml', join(root, 'schools/b.yaml'));
    expect(projectEntry(root, 'schools/linked')).toEqual({ kind: 'folder' });
    expect(readProjectFile(root, 'schools/linked/a.yaml')).toEqual({ status: 'read', text: 'name: A\n' });
    expect(readProjectFile(root, 'schools/b.yaml')).toEqual({ status: 'read', text: 'name: A\n' });
  });

  it('refuses a file inside a linked folder that leads out of the project', () => {
    const { root, outside } = folders();
    writeFileSync(join(outside, 'a.yaml'), 'name: A\n');
    symlinkSync(outside, join(root, 'schools/elsewhere'));
    expect(refusal(readProjectFile(root, 'schools/elsewhere/a.yaml'))).toMatch(/^schools\/elsewhere\/a\.yaml This is a link to .+outside\/a\.yaml, outside the project, so it was not read\./);
    expect(projectEntry(root, 'schools/elsewhere').kind).toBe('refused');
  });

  it('says a missing file is missing, with no problem of its own', () => {
    const { root } = folders();
    expect(readProjectFile(root, 'schools/none.yaml')).toEqual({ status: 'missing' });
  });
});
