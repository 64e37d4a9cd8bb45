/**
 * Makes one backup set while the system runs. One transaction holds what the set describes still: embedded, the
 * one connection is held while the owner thread copies the data folder (after a checkpoint), so no other
 * transaction is half in it, and the copy is packed into a gzipped tarball after the connection is free again;
 * PostgreSQL, a repeatable-read snapshot is exported and pg_dump reads exactly that snapshot. The row counts and
 * the photo list come from the same transaction, so the manifest matches the dump.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { join } from 'node:path';
import type { DbHandle } from '@/db/connect';
import { exportSnapshot, referencedUploads, serverVersion, tableRowCounts } from './backup-check.repository';
import { type BackupManifest, MANIFEST_FORMAT, setIdFor, sha256File, writeManifest } from './manifest';
import { requireToolFor, runTool } from './pg-tools';
import { create as createTar } from 'tar';
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

/** What the embedded data folder holds besides the database: photos go to the shared store, the lock never travels. */
const NOT_DATABASE = ['onemap.lock', 'uploads', 'backups'] as const;

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
      format: MANIFEST_FORMAT,
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
    const copyDataDir = handle.copyDataDir;
    if (!copyDataDir) throw new Error('这个嵌入式数据库不能在运行中备份 / this embedded database cannot copy itself');
    const copy = `${path}.folder`;
    try {
      const snapshot = await handle.db.transaction().execute(async (trx) => {
        const rowCounts = await tableRowCounts(trx);
        const uploads = await referencedUploads(trx);
        const version = await serverVersion(trx);
        await copyDataDir(copy, NOT_DATABASE);
        return { rowCounts, uploads, version };
      });
      // Packed with the database free again; Node's gzip stream compresses on libuv's threads, not the event loop.
      await pipeline(createTar({ cwd: copy, portable: true }, ['.']), createGzip(), createWriteStream(path));
      return snapshot;
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
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
