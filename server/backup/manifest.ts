/**
 * A backup set is one folder in BACKUP_DIR named by its UTC time; its manifest.json says what it holds (dialect,
 * time, the database file with size and sha256, the row count of every table, the uploads it references), so a
 * restore can prove it got everything back. The manifest is written last: a folder without one is unfinished.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DialectName } from '@/db/connect';

export const MANIFEST = 'manifest.json';

/**
 * 2: an embedded set's database.tar.gz is a copy of the data folder (made since the owner thread copies it);
 * 1: it is PGlite's dumpDataDir tarball (read back through PGlite). PostgreSQL sets are pg_dump files in both.
 */
export type ManifestFormat = 1 | 2;
export const MANIFEST_FORMAT: ManifestFormat = 2;

export interface BackupManifest {
  format: ManifestFormat;
  id: string;
  dialect: DialectName;
  createdAt: string;
  durationMs: number;
  database: { file: string; bytes: number; sha256: string; serverVersion: string };
  rowCounts: Record<string, number>;
  uploads: Array<{ hash: string; bytes: number }>;
  /** Referenced by the database but absent from DATA_DIR/uploads when the set was made. */
  missingUploads: string[];
  /** Bytes of photos this set added to the shared store (the rest were there from earlier sets). */
  newUploadBytes: number;
}

/** A set's folder name: its UTC time, sortable and safe in a path ("2026-12-03T07-30-00-123Z"). */
export function setIdFor(at: Date): string {
  return at.toISOString().replace(/[:.]/g, '-');
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Written last, atomically: a folder without a manifest is unfinished (also for base backups, base-backup.ts). */
export async function writeManifest(setDir: string, manifest: object): Promise<void> {
  const temporary = join(setDir, `${MANIFEST}.part`);
  await writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(temporary, join(setDir, MANIFEST));
}

export async function readManifest(setDir: string): Promise<BackupManifest> {
  const text = await readFile(join(setDir, MANIFEST), 'utf8').catch(() => {
    throw new Error(`备份集 ${setDir} 没有清单（manifest.json），不完整，不能恢复 / the set has no manifest: it is unfinished`);
  });
  const manifest = JSON.parse(text) as BackupManifest;
  if (manifest.format !== 1 && manifest.format !== 2)
    throw new Error(`备份集 ${setDir} 的格式不受支持 / unsupported manifest format ${String(manifest.format)}`);
  return manifest;
}

/** Finished sets (with a manifest), oldest first. */
export async function listSets(backupDir: string): Promise<string[]> {
  const entries = await readdir(backupDir, { withFileTypes: true }).catch(() => []);
  const sets: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !/^\d{4}-\d\d-\d\dT/.test(entry.name)) continue;
    const has = await readFile(join(backupDir, entry.name, MANIFEST)).then(
      () => true,
      () => false,
    );
    if (has) sets.push(entry.name);
  }
  return sets.sort();
}
