import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inStyleOf, takeLock, writeFileAtomic, writeProjectFile } from '../src/index.js';

const folder = () => mkdtempSync(join(tmpdir(), 'policy-write-'));

describe('writeProjectFile', () => {
  it("keeps a file's byte-order mark and Windows line endings", () => {
    const file = join(folder(), 'school.yaml');
    writeFileSync(file, '\uFEFFname: Laughton\r\nreviewed: 2017-11\r\n');
    writeProjectFile(file, 'name: Laughton\nreviewed: 2017-11\nadoptions: []\n');
    expect(readFileSync(file, 'utf8')).toBe('\uFEFFname: Laughton\r\nreviewed: 2017-11\r\nadoptions: []\r\n');
  });

  it('keeps Unix line endings and no byte-order mark as they were', () => {
    const file = join(folder(), 'school.yaml');
    writeFileSync(file, 'name: Laughton\n');
    writeProjectFile(file, 'name: Laughton\nadoptions: []\n');
    expect(readFileSync(file, 'utf8')).toBe('name: Laughton\nadoptions: []\n');
  });

  it('writes text given with a byte-order mark or CRLF in the style of the file it replaces', () => {
    expect(inStyleOf('a\n', '\uFEFFa\r\nb\r\n')).toBe('a\nb\n');
    expect(inStyleOf('\uFEFFa\r\n', '\uFEFFa\nb\n')).toBe('\uFEFFa\r\nb\r\n');
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file whole, keeps its permissions, and leaves no temporary file', () => {
    const dir = folder();
    const file = join(dir, 'policy.pdf');
    writeFileSync(file, 'old');
    chmodSync(file, 0o600);
    writeFileAtomic(file, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(file)]).toEqual([1, 2, 3]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['policy.pdf']);
  });

  it('writes through a symbolic link and keeps the link', () => {
    const dir = folder();
    writeFileSync(join(dir, 'real.yaml'), 'old\n');
    symlinkSync(join(dir, 'real.yaml'), join(dir, 'link.yaml'));
    writeFileAtomic(join(dir, 'link.yaml'), 'new\n');
    expect(lstatSync(join(dir, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.yaml'), 'utf8')).toBe('new\n');
  });

  it('removes the temporary files a killed command left beside the file', () => {
    const dir = folder();
    writeFileSync(join(dir, 'school.yaml'), 'old\n');
    writeFileSync(join(dir, `.school.yaml.tmp-${2 ** 30}-abcd1234`), 'half');
    writeFileAtomic(join(dir, 'school.yaml'), 'new\n');
    expect(readdirSync(dir)).toEqual(['school.yaml']);
  });

  it('leaves the file as it was when the write fails', () => {
    const dir = folder();
    const file = join(dir, 'school.yaml');
    writeFileSync(file, 'old\n');
    expect(() => writeFileAtomic(file, { length: 3 } as unknown as Uint8Array)).toThrow();
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['school.yaml']);
  });
});

describe('takeLock', () => {
  it('holds the lock with its process id until released; a second taker is told who holds it', () => {
    const path = join(folder(), 'x.lock');
    const first = takeLock(path);
    if (!('lock' in first)) throw new Error('the first taker did not get the lock');
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    expect(takeLock(path)).toEqual({ heldBy: process.pid });
    first.lock.release();
    const again = takeLock(path);
    expect('lock' in again).toBe(true);
  });

  it('takes over a lock whose process has ended, and one left empty by a kill', () => {
    const dir = folder();
    writeFileSync(join(dir, 'a.lock'), JSON.stringify({ pid: 2 ** 30, token: 'dead' }));
    writeFileSync(join(dir, 'b.lock'), '');
    for (const name of ['a.lock', 'b.lock']) {
      const taken = takeLock(join(dir, name));
      expect('lock' in taken).toBe(true);
      expect(JSON.parse(readFileSync(join(dir, name), 'utf8')).pid).toBe(process.pid);
    }
    expect(readdirSync(dir).sort()).toEqual(['a.lock', 'b.lock']);
  });
});
