/**
 * Makes one backup set while the system runs. One transaction holds what the set describes still: embedded, the
 * one connection is held while the owner thread dumps the data folder, so no other transaction is half in it;
 * PostgreSQL, a repeatable-read snapshot is exported and pg_dump reads exactly that snapshot. The row counts and
 * the photo list come from the same transaction, so the manifest matches the dump.
 */
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DbHandle } from '@/db/connect';
import { exportSnapshot, referencedUploads, serverVersion, tableRowCounts } from './backup-check.repository';
import { type BackupManifest, setIdFor, sha256File, writeManifest } from './manifest';
import { requireToolFor, runTool } from './pg-tools';
import { dropTarEntries } from './tar-filter';
import { storeUploads } from './upload-vault';

export interface BackupTarget {
  handle: DbHandle;
  /** PostgreSQL: the database's URL (pg_dump connects itself). */
  databaseUrl?: string;
  /** The live data folder (its uploads/ holds the photos). */
  dataDir: string;
  backupDir: string;
  now?: () => Date;
}

/** Entries of the embedded dump that are not the database: photos go to the shared store, the lock never travels. */
const NOT_DATABASE = (path: string) =>
  path === 'onemap.lock' || path === 'uploads' || path.startsWith('uploads/') || path === 'backups' || path.startsWith('backups/');

export async function createBackup(target: BackupTarget): Promise<BackupManifest> {
  const started = performance.now();
  const createdAt = (target.now ?? (() => new Date()))();
  const id = setIdFor(createdAt);
  const setDir = join(target.backupDir, id);
  await mkdir(setDir, { recursive: true });
  try {
    const { handle } = target;
    const file = handle.dialect === 'embedded' ? 'database.tar.gz' : 'database.dump';
    const path = join(setDir, file);
    const snapshot = await snapshotInto(target, path);
    const stored = await storeUploads(join(target.dataDir, 'uploads'), join(target.backupDir, 'uploads'), snapshot.uploads);
    const manifest: BackupManifest = {
      format: 1,
      id,
      dialect: handle.dialect,
      createdAt: createdAt.toISOString(),
      durationMs: Math.round(performance.now() - started),
      database: { file, bytes: (await stat(path)).size, sha256: await sha256File(path), serverVersion: snapshot.version },
      rowCounts: snapshot.rowCounts,
      uploads: snapshot.uploads,
      missingUploads: stored.missing,
      newUploadBytes: stored.newBytes,
    };
    await writeManifest(setDir, manifest);
    return manifest;
  } catch (error) {
    await rm(setDir, { recursive: true, force: true });
    throw error;
  }
}

async function snapshotInto(target: BackupTarget, path: string) {
  const { handle } = target;
  if (handle.dialect === 'embedded') {
    const dump = handle.dumpDataDir;
    if (!dump) throw new Error('这个嵌入式数据库不能在运行中备份 / this embedded database cannot dump itself');
    return handle.db.transaction().execute(async (trx) => {
      const rowCounts = await tableRowCounts(trx);
      const uploads = await referencedUploads(trx);
      const version = await serverVersion(trx);
      await writeFile(path, dropTarEntries(await dump(), NOT_DATABASE));
      return { rowCounts, uploads, version };
    });
  }
  if (!target.databaseUrl) throw new Error('PostgreSQL 备份需要 DATABASE_URL / a PostgreSQL backup needs DATABASE_URL');
  const databaseUrl = target.databaseUrl;
  return handle.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const version = await serverVersion(trx);
      await requireToolFor('pg_dump', version);
      const snapshot = await exportSnapshot(trx);
      const rowCounts = await tableRowCounts(trx);
      const uploads = await referencedUploads(trx);
      await runTool('pg_dump', ['--format=custom', '--no-owner', `--snapshot=${snapshot}`, '--file', path], databaseUrl);
      return { rowCounts, uploads, version };
    });
}
