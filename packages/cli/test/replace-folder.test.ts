import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { protectedReason, replaceFolder } from '../src/index.js';

function folderWith(content: string): string {
  const parent = mkdtempSync(join(tmpdir(), 'policy-replace-'));
  const target = join(parent, 'dist');
  mkdirSync(target);
  writeFileSync(join(target, 'index.html'), content);
  writeFileSync(join(target, 'manifest.json'), JSON.stringify({ files: [{ path: 'index.html' }] }));
  return target;
}

const site = (text: string) => async (temporary: string) => {
  writeFileSync(join(temporary, 'index.html'), text);
  writeFileSync(join(temporary, 'manifest.json'), JSON.stringify({ files: [{ path: 'index.html' }] }));
};

/** The problems a refusal carries, as a user reads them. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return String((error as { problems?: { format(): string }[] }).problems?.map((p) => p.format()).join('\n') ?? error);
  }
  throw new Error('it did not refuse');
}

describe('replaceFolder', () => {
  it('swaps in the new contents when writing succeeds, readable by a web server', async () => {
    const target = folderWith('old');
    await replaceFolder(target, site('new'));
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

  it('replaces an empty folder', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'policy-replace-')), 'site');
    mkdirSync(target);
    await replaceFolder(target, site('new'));
    expect(readFileSync(join(target, 'index.html'), 'utf8')).toBe('new');
  });

  it('refuses a folder holding a file its manifest does not list, names the file, and deletes nothing', async () => {
    const target = folderWith('old');
    writeFileSync(join(target, 'CNAME'), 'policies.example.org');
    const message = await refusal(replaceFolder(target, site('new')));
    expect(message).toBe(
      `${target} This folder holds files that no policy build made, such as CNAME, so policy build will not replace it.\n    policy build replaces only an empty folder or one a previous build made, whose manifest.json lists every file in it. Choose another folder, or move these files out yourself. Nothing was built or deleted.`,
    );
    expect(readdirSync(target).sort()).toEqual(['CNAME', 'index.html', 'manifest.json']);
  });

  it('refuses a folder with no manifest, naming up to three of its files', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'policy-replace-')), 'notes');
    mkdirSync(join(target, 'budget'), { recursive: true });
    for (const name of ['a.docx', 'b.docx', 'budget/2026.xlsx', 'c.docx']) writeFileSync(join(target, name), name);
    expect(await refusal(replaceFolder(target, site('new')))).toContain('such as a.docx, b.docx, budget/2026.xlsx, so policy build will not replace it.');
    expect(readFileSync(join(target, 'c.docx'), 'utf8')).toBe('c.docx');
  });

  it('keeps a symbolic link and replaces the folder it points at', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'policy-replace-'));
    const real = folderWith('old');
    symlinkSync(real, join(parent, 'site'));
    await replaceFolder(join(parent, 'site'), site('new'));
    expect(lstatSync(join(parent, 'site')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(parent, 'site'))).toBe(real);
    expect(readFileSync(join(real, 'index.html'), 'utf8')).toBe('new');
  });

  it('cleans up the half-built folder a killed build left, and builds', async () => {
    const target = folderWith('old');
    const stale = join(target, '..', '.dist-new-AbC123');
    mkdirSync(stale);
    writeFileSync(join(stale, 'index.html'), 'half');
    await replaceFolder(target, site('new'));
    expect(readdirSync(join(target, '..'))).toEqual(['dist']);
    expect(readFileSync(join(target, 'index.html'), 'utf8')).toBe('new');
  });

  it('restores the earlier site a build killed mid-swap moved aside, then replaces it', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'policy-replace-'));
    const aside = join(parent, '.dist-previous-AbC123');
    mkdirSync(aside);
    writeFileSync(join(aside, 'index.html'), 'old');
    writeFileSync(join(aside, 'manifest.json'), JSON.stringify({ files: [{ path: 'index.html' }] }));
    writeFileSync(join(parent, 'notes.txt'), 'not the site');
    // With the site folder itself missing, the refusal shows the earlier site was put back.
    const target = join(parent, 'dist');
    writeFileSync(join(aside, 'extra.txt'), 'a file the manifest does not list');
    expect(await refusal(replaceFolder(target, site('new')))).toContain('such as extra.txt');
    expect(readFileSync(join(target, 'index.html'), 'utf8')).toBe('old');
    expect(readdirSync(parent).sort()).toEqual(['dist', 'notes.txt']);
  });

  it('refuses while another build holds the lock beside the folder, naming it and its process', async () => {
    const target = folderWith('old');
    writeFileSync(join(target, '..', '.dist-lock'), JSON.stringify({ pid: 1, token: 'another build' }));
    const message = await refusal(replaceFolder(target, site('new'), { doing: 'building into dist' }));
    expect(message).toBe(
      `${join(target, '..', '.dist-lock')} Another policy build (process 1) is building into dist: this lock file is held.\n    Wait for it to finish, then run the command again; nothing was changed. If process 1 is no longer running, the lock is taken over by the next command.`,
    );
    expect(readFileSync(join(target, 'index.html'), 'utf8')).toBe('old');
  });

  it('takes over a lock whose process has ended', async () => {
    const target = folderWith('old');
    writeFileSync(join(target, '..', '.dist-lock'), JSON.stringify({ pid: 2 ** 30, token: 'a killed build' }));
    await replaceFolder(target, site('new'));
    expect(readFileSync(join(target, 'index.html'), 'utf8')).toBe('new');
    expect(readdirSync(join(target, '..'))).toEqual(['dist']);
  });
});

describe('replaceFolder in place, as for a mount point', () => {
  const journal = (target: string, phase: string) =>
    writeFileSync(join(target, '.policy-build-swap'), JSON.stringify({ phase, staging: '.policy-build-new-AbC123' }));
  const failing = async () => {
    throw new Error('the build broke');
  };

  it('swaps the contents and keeps the folder itself, leaving none of its own files', async () => {
    const target = folderWith('old');
    const before = statSync(target).ino;
    await replaceFolder(target, site('new'), { inPlace: true });
    expect(statSync(target).ino).toBe(before);
    expect(readdirSync(target).sort()).toEqual(['index.html', 'manifest.json']);
    expect(readFileSync(join(target, 'index.html'), 'utf8')).toBe('new');
  });

  it('undoes a swap a kill interrupted while the old contents were moving aside', async () => {
    const target = folderWith('old');
    mkdirSync(join(target, '.policy-build-old'));
    writeFileSync(join(target, '.policy-build-old', 'index.html'), 'old');
    rmSync(join(target, 'index.html'));
    mkdirSync(join(target, '.policy-build-new-AbC123'));
    writeFileSync(join(target, '.policy-build-new-AbC123', 'index.html'), 'new');
    journal(target, 'aside');
    await expect(replaceFolder(target, failing, { inPlace: true })).rejects.toThrow('the build broke');
    expect(readdirSync(target).sort()).toEqual(['index.html', 'manifest.json']);
    expect(readFileSync(join(target, 'index.html'), 'utf8')).toBe('old');
  });

  it('completes a swap a kill interrupted while the new contents were moving in', async () => {
    const target = folderWith('old');
    mkdirSync(join(target, '.policy-build-old'));
    for (const name of ['index.html', 'manifest.json']) renameSync(join(target, name), join(target, '.policy-build-old', name));
    mkdirSync(join(target, '.policy-build-new-AbC123'));
    writeFileSync(join(target, '.policy-build-new-AbC123', 'index.html'), 'new');
    writeFileSync(join(target, 'manifest.json'), JSON.stringify({ files: [{ path: 'index.html' }] }));
    journal(target, 'in');
    await expect(replaceFolder(target, failing, { inPlace: true })).rejects.toThrow('the build broke');
    expect(readdirSync(target).sort()).toEqual(['index.html', 'manifest.json']);
    expect(readFileSync(join(target, 'index.html'), 'utf8')).toBe('new');
  });
});

describe('the folders a build never replaces', () => {
  const project = mkdtempSync(join(tmpdir(), 'policy-project-'));
  mkdirSync(join(project, 'templates'));
  mkdirSync(join(project, 'schools'));
  const guards = { projectRoot: project, cwd: tmpdir(), home: homedir() };

  it('refuses the root of the file system', () => {
    expect(protectedReason('/', guards)).toBe('is the root of the file system');
  });

  it('refuses the home folder and any folder holding it', () => {
    expect(protectedReason(homedir(), guards)).toBe('is your home folder');
    expect(protectedReason(join(homedir(), '..'), guards)).toMatch(/^(holds your home folder|is the root of the file system)$/);
  });

  it("refuses the project's folder, a folder holding it, and anything inside its templates/ or schools/", () => {
    expect(protectedReason(project, guards)).toBe("is the project's folder, holding its templates/ and schools/");
    expect(protectedReason(join(project, '..'), guards)).toBe("holds the project's templates/ and schools/");
    expect(protectedReason(join(project, 'schools', 'site'), guards)).toBe("is inside the project's templates/ or schools/");
    expect(protectedReason(join(project, 'templates'), guards)).toBe("is inside the project's templates/ or schools/");
  });

  it('refuses the folder the command runs in, and one holding it', () => {
    const here = mkdtempSync(join(tmpdir(), 'policy-here-'));
    expect(protectedReason(here, { cwd: here })).toBe('is the folder you are in');
    expect(protectedReason(join(here, '..'), { cwd: join(here, 'deeper') })).toBe('holds the folder you are in');
  });

  it('allows a folder beside the project', () => {
    expect(protectedReason(join(project, 'site'), guards)).toBeUndefined();
  });
});
