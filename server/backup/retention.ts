/**
 * Keeps the newest BACKUP_KEEP sets (and, on PostgreSQL, base backups) and removes older ones, then the photos in
 * the shared store that nothing kept references any more, and the archived WAL segments older than the oldest kept
 * base (no restore can use them).
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { baseBackupsDir, listBaseBackups } from './base-backup';
import { listSets, readManifest } from './manifest';
import { removeStored } from './upload-vault';
import { walArchiveDir } from './wal-archive';

export async function pruneSets(backupDir: string, keep: number): Promise<string[]> {
  const sets = await listSets(backupDir);
  const removed = sets.slice(0, Math.max(0, sets.length - keep));
  if (removed.length === 0) return [];
  for (const id of removed) await rm(join(backupDir, id), { recursive: true, force: true });
  await pruneUploads(backupDir);
  return removed;
}

export async function pruneBaseBackups(backupDir: string, keep: number): Promise<string[]> {
  const bases = await listBaseBackups(backupDir);
  const removed = bases.slice(0, Math.max(0, bases.length - keep));
  for (const base of removed) await rm(join(baseBackupsDir(backupDir), base.id), { recursive: true, force: true });
  const oldestKept = bases[removed.length];
  if (oldestKept) await pruneWal(walArchiveDir(backupDir), oldestKept.firstWal);
  if (removed.length) await pruneUploads(backupDir);
  return removed.map((b) => b.id);
}

/** Segments (and their .partial/.backup files) named before `firstNeeded`; timeline .history files are always kept. */
async function pruneWal(walDir: string, firstNeeded: string): Promise<void> {
  for (const name of await readdir(walDir).catch(() => [])) {
    const segment = /^([0-9A-F]{24})(\..*)?$/.exec(name);
    if (segment && !name.endsWith('.history') && segment[1] < firstNeeded) await rm(join(walDir, name), { force: true });
  }
}

/** Removes stored photos that no kept set or base backup references (a photo is kept while anything needs it). */
async function pruneUploads(backupDir: string): Promise<void> {
  const needed = new Set<string>();
  for (const id of await listSets(backupDir)) for (const u of (await readManifest(join(backupDir, id))).uploads) needed.add(u.hash);
  for (const base of await listBaseBackups(backupDir)) for (const u of base.uploads) needed.add(u.hash);
  const vault = join(backupDir, 'uploads');
  for (const prefix of await readdir(vault).catch(() => [])) {
    for (const name of await readdir(join(vault, prefix)).catch(() => [])) if (!needed.has(name)) await removeStored(vault, name);
  }
}
