/**
 * One process owns an embedded data folder. PGlite takes no lock of its own, and two processes writing one folder
 * corrupt it ("unexpected data beyond EOF in block …"), so the owner writes `onemap.lock` (pid, host, start time)
 * the way PostgreSQL writes postmaster.pid: a second process is refused with the holder named; a lock left by a
 * process that no longer runs (a crash, a kill -9) is taken over.
 */
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'onemap.lock';

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `the data folder ${dataDir} is in use by process ${holder.pid} on ${holder.host}, started ${holder.startedAt}; stop that process first (or use another DATA_DIR)`,
    );
    this.name = 'DataDirLockedError';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof holder.pid === 'number' ? { pid: holder.pid, host: String(holder.host), startedAt: String(holder.startedAt) } : null;
  } catch {
    return null; // half-written or unreadable: no live holder can be named, so it is stale
  }
}

/** Takes the folder's lock or throws DataDirLockedError; the returned function releases it (only if still ours). */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const text = `${JSON.stringify(me)}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx'); // atomic: exactly one process creates it
      writeSync(fd, text);
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) {
        const holder = readHolder(file);
        if (holder) throw new DataDirLockedError(dataDir, holder);
        throw error;
      }
    }
    const holder = readHolder(file);
    // Another host's process cannot be probed from here: treat it as alive rather than risk two writers.
    if (holder && (holder.host !== me.host || isRunning(holder.pid))) throw new DataDirLockedError(dataDir, holder);
    // Stale: replace it atomically, then retry the exclusive create so two processes taking over race safely.
    const stale = `${file}.stale-${process.pid}`;
    try {
      renameSync(file, stale);
      rmSync(stale, { force: true });
    } catch {
      // someone else took it over first; the retry reports them
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
  };
  // A process that ends without closing (process.exit after an error) leaves no lock behind.
  process.on('exit', release);
  return release;
}
