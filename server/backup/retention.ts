/**
 * Keeps the newest BACKUP_KEEP sets and removes older ones, then the photos in the shared store that no kept set
 * references any more (a photo is kept while any set needs it).
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { listSets, readManifest } from './manifest';
import { removeStored } from './upload-vault';

export async function pruneSets(backupDir: string, keep: number): Promise<string[]> {
  const sets = await listSets(backupDir);
  const removed = sets.slice(0, Math.max(0, sets.length - keep));
  if (removed.length === 0) return [];
  for (const id of removed) await rm(join(backupDir, id), { recursive: true, force: true });
  const needed = new Set<string>();
  for (const id of sets.slice(removed.length)) for (const u of (await readManifest(join(backupDir, id))).uploads) needed.add(u.hash);
  const vault = join(backupDir, 'uploads');
  for (const prefix of await readdir(vault).catch(() => [])) {
    for (const name of await readdir(join(vault, prefix)).catch(() => [])) if (!needed.has(name)) await removeStored(vault, name);
  }
  return removed;
}
