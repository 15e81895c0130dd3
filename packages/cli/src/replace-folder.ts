import { chmod, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Builds a folder's new contents in a temporary sibling folder, then swaps it in. If building
 * fails, the temporary folder is removed and the folder keeps its earlier contents, untouched.
 */
export async function replaceFolder(target: string, write: (temporary: string) => Promise<void>): Promise<void> {
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const temporary = await mkdtemp(join(parent, `.${basename(target)}-new-`));
  try {
    await chmod(temporary, 0o755);
    await write(temporary);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  const previous = `${temporary}-previous`;
  let moved = false;
  try {
    await rename(target, previous);
    moved = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await rename(temporary, target);
  if (moved) await rm(previous, { recursive: true, force: true });
}
