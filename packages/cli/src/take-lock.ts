import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/** A lock file this process holds: release it when done. */
export interface Lock {
  path: string;
  release(): void;
}

/** What a lock file holds: the process that took it, on which machine, and a token of its own. */
interface Holder {
  pid: number;
  host: string;
  token: string;
}

/**
 * Takes the lock file at `path`, holding this process's id, so that two commands never write the
 * same files at once. Gives `{ heldBy }` (the holder's process id) if a running process holds it.
 * A lock left by a process that has ended (killed, or the machine restarted) is taken over.
 */
export function takeLock(path: string): { lock: Lock } | { heldBy: number } {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const mine: Holder = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex') };
    try {
      const fd = openSync(path, 'wx', 0o644);
      try {
        writeSync(fd, `${JSON.stringify(mine)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      return { lock: { path, release: () => release(path, mine.token) } };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(path);
    if (holder === 'missing') continue;
    if (holder === 'unreadable') {
      // Being written by the process that just made it, or left empty by one killed at that moment.
      if (attempt < 10) {
        pause(50);
        continue;
      }
    } else if (holder.host !== hostname() || running(holder.pid)) {
      return { heldBy: holder.pid };
    }
    // The holder has ended: move its lock aside (only one taker can) and try again.
    const aside = `${path}.stale-${mine.token}`;
    try {
      renameSync(path, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const moved = readHolder(aside);
    const sameStale = holder === 'unreadable' ? moved === 'unreadable' : typeof moved === 'object' && moved.token === holder.token;
    if (!sameStale) {
      // Another taker got there first and this moved its fresh lock: put it back.
      try {
        linkSync(aside, path);
      } catch {
        // A third has the lock now; the one moved aside is lost, and its holder's writes still come first.
      }
    }
    unlinkSync(aside);
  }
  throw new Error(`the lock ${path} could not be taken: it changed hands too often`);
}

function release(path: string, token: string): void {
  const holder = readHolder(path);
  if (typeof holder === 'object' && holder.token === token) {
    try {
      unlinkSync(path);
    } catch {
      // Already gone.
    }
  }
}

function readHolder(path: string): Holder | 'missing' | 'unreadable' {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const data = JSON.parse(text) as Partial<Holder>;
    if (typeof data.pid === 'number' && typeof data.token === 'string') return { pid: data.pid, host: String(data.host ?? hostname()), token: data.token };
  } catch {
    // Half-written.
  }
  return 'unreadable';
}

/** Whether a process with this id is running on this machine. */
export function running(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
