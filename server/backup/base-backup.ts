/**
 * Base backups for point-in-time restore on PostgreSQL (issue 21): a physical copy of the whole server made with
 * pg_basebackup while it runs (tar, gzip, its own WAL streamed in, so each base is restorable by itself), in
 * BACKUP_DIR/pitr/<time>/ with a manifest written last. With the archived WAL (wal-archive.ts) a base can be rolled
 * forward to any moment after it. The photos the database references are put in the shared photo store too, as
 * every set does, so a restored database finds its photos.
 */
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DbHandle } from '@/db/connect';
import { referencedUploads, serverVersion } from './backup-check.repository';
import { listSets, MANIFEST, setIdFor, writeManifest } from './manifest';
import { requireToolFor, runTool } from './pg-tools';
import { storeUploads } from './upload-vault';
import { archiveSettings, archivingStatus, confLines, currentWalFile, walArchiveDir } from './wal-archive';

export const BASE_FILES = { data: 'base.tar.gz', wal: 'pg_wal.tar.gz' } as const;

export interface BaseBackupManifest {
  format: 1;
  kind: 'base';
  id: string;
  createdAt: string;
  durationMs: number;
  serverVersion: string;
  bytes: number;
  /** The WAL segment being written when the base began: archived segments before it are not needed by this base. */
  firstWal: string;
  uploads: Array<{ hash: string; bytes: number }>;
}

export function baseBackupsDir(backupDir: string): string {
  return join(backupDir, 'pitr');
}

export async function createBaseBackup(target: {
  handle: DbHandle;
  databaseUrl: string;
  dataDir: string;
  backupDir: string;
  now?: () => Date;
}): Promise<BaseBackupManifest> {
  const { handle, backupDir } = target;
  if (handle.dialect !== 'postgres') throw new Error('基础备份只用于 PostgreSQL / base backups are for PostgreSQL only');
  const status = await archivingStatus(handle.db);
  if (status.archiveMode === 'off' || status.walLevel === 'minimal') {
    throw new Error(
      `PostgreSQL 未开启连续归档，基础备份无法恢复到时间点。请在 postgresql.conf 中加入以下设置并重启 / continuous archiving is off; add to postgresql.conf and restart:\n${confLines(archiveSettings(walArchiveDir(backupDir)))}`,
    );
  }
  const version = await serverVersion(handle.db);
  await requireToolFor('pg_basebackup', version);
  const started = performance.now();
  const createdAt = (target.now ?? (() => new Date()))();
  const id = setIdFor(createdAt);
  const dir = join(baseBackupsDir(backupDir), id);
  await mkdir(dir, { recursive: true });
  try {
    const firstWal = await currentWalFile(handle.db);
    const uploads = await referencedUploads(handle.db);
    await runTool(
      'pg_basebackup',
      ['--pgdata', dir, '--format=tar', '--gzip', '--wal-method=stream', '--checkpoint=fast'],
      target.databaseUrl,
    );
    await storeUploads(join(target.dataDir, 'uploads'), join(backupDir, 'uploads'), uploads);
    const manifest: BaseBackupManifest = {
      format: 1,
      kind: 'base',
      id,
      createdAt: createdAt.toISOString(),
      durationMs: Math.round(performance.now() - started),
      serverVersion: version,
      bytes: (await stat(join(dir, BASE_FILES.data))).size + (await stat(join(dir, BASE_FILES.wal))).size,
      firstWal,
      uploads,
    };
    await writeManifest(dir, manifest);
    return manifest;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Finished base backups, oldest first. */
export async function listBaseBackups(backupDir: string): Promise<BaseBackupManifest[]> {
  const root = baseBackupsDir(backupDir);
  const ids = await listSets(root);
  return Promise.all(ids.map(async (id) => JSON.parse(await readFile(join(root, id, MANIFEST), 'utf8')) as BaseBackupManifest));
}
