import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceFolder } from '../src/index.js';

function folderWith(content: string): string {
  const parent = mkdtempSync(join(tmpdir(), 'policy-replace-'));
  const target = join(parent, 'dist');
  mkdirSync(target);
  writeFileSync(join(target, 'index.html'), content);
  return target;
}

describe('replaceFolder', () => {
  it('swaps in the new contents when writing succeeds, readable by a web server', async () => {
    const target = folderWith('old');
    await replaceFolder(target, async (temporary) => writeFileSync(join(temporary, 'index.html'), 'new'));
    expect(readFileSync(join(target, 'index.html'), 'utf8')).toBe('new');
    expect(statSync(target).mode & 0o777).toBe(0o755);
    expect(readdirSync(join(target, '..'))).toEqual(['dist']);
  });

  it('leaves the earlier contents untouched, and no temporary folder, when writing fails', async () => {
    const target = folderWith('old');
    await expect(
      replaceFolder(target, async (temporary) => {
        writeFileSync(join(temporary, 'index.html'), 'half-written');
        throw new Error('the build broke');
      }),
    ).rejects.toThrow('the build broke');
    expect(readFileSync(join(target, 'index.html'), 'utf8')).toBe('old');
    expect(readdirSync(join(target, '..'))).toEqual(['dist']);
  });

  it('creates the folder when there was none', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'policy-replace-')), 'out', 'site');
    await replaceFolder(target, async (temporary) => writeFileSync(join(temporary, 'a.txt'), 'a'));
    expect(existsSync(join(target, 'a.txt'))).toBe(true);
  });
});
