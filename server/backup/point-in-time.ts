/**
 * Point-in-time restore on PostgreSQL (issue 21), in the two steps PostgreSQL itself takes:
 *  1. prepare: the newest base backup made before the moment is unpacked into an empty data directory, told where
 *     the archived WAL is, which moment to stop at, and to open for writing there (recovery.signal);
 *  2. the operator starts PostgreSQL on that directory (OneMap does not run the operator's server); it replays the
 *     archive up to the moment and opens; then `check` waits for that, puts back the photos the restored database
 *     references from the shared store, and runs the restore check (audit chain, orders ledger, photo sample).
 * A non-empty target directory is refused: the old data directory is moved aside by hand, never overwritten.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '@/db/schema';
import { referencedUploads } from './backup-check.repository';
import { BASE_FILES, baseBackupsDir, type BaseBackupManifest, listBaseBackups } from './base-backup';
import { checkRestoredDatabase, type RestoreReport } from './restore-check';
import { restoreUploads } from './upload-vault';
import { confLines, restoreCommand, walArchiveDir } from './wal-archive';

const run = promisify(execFile);

export interface PreparedRestore {
  base: BaseBackupManifest;
  pgdata: string;
  /** The moment recovery stops at; null: as far as the archive goes. */
  target: Date | null;
}

export async function preparePointInTimeRestore(options: {
  backupDir: string;
  pgdata: string;
  target: Date | null;
}): Promise<PreparedRestore> {
  const { backupDir, target } = options;
  const pgdata = resolve(options.pgdata);
  const bases = await listBaseBackups(backupDir);
  const base = bases.filter((b) => !target || Date.parse(b.createdAt) <= target.getTime()).at(-1);
  if (!base) {
    throw new Error(
      target
        ? `${target.toISOString()} 之前没有基础备份，无法恢复到这一时刻 / no base backup before ${target.toISOString()}`
        : `${baseBackupsDir(backupDir)} 中没有基础备份 / no base backup in ${baseBackupsDir(backupDir)}`,
    );
  }
  if (existsSync(pgdata) && (await readdir(pgdata)).length > 0) {
    throw new Error(
      `目标数据目录 ${pgdata} 不是空的：请先停止 PostgreSQL，把原数据目录移到别处，再恢复 / the target data directory is not empty: stop PostgreSQL and move the old directory aside first`,
    );
  }
  await mkdir(pgdata, { recursive: true });
  await chmod(pgdata, 0o700); // PostgreSQL refuses a data directory others can read
  const dir = join(baseBackupsDir(backupDir), base.id);
  await run('tar', ['-xzf', join(dir, BASE_FILES.data), '-C', pgdata]);
  await mkdir(join(pgdata, 'pg_wal'), { recursive: true });
  await run('tar', ['-xzf', join(dir, BASE_FILES.wal), '-C', join(pgdata, 'pg_wal')]);
  const settings: Record<string, string> = {
    restore_command: restoreCommand(resolve(walArchiveDir(backupDir))),
    recovery_target_action: 'promote',
    // PostgreSQL's own timestamp form ('2026-12-04 10:17:38.866+00'): it refuses ISO 8601's 'T' and 'Z' here.
    ...(target ? { recovery_target_time: target.toISOString().replace('T', ' ').replace('Z', '+00') } : {}),
  };
  // postgresql.auto.conf is read after postgresql.conf: these win for this start, and ALTER SYSTEM can undo them.
  await appendFile(join(pgdata, 'postgresql.auto.conf'), `\n# OneMap point-in-time restore from base ${base.id}\n${confLines(settings)}\n`);
  await writeFile(join(pgdata, 'recovery.signal'), '');
  return { base, pgdata, target };
}

/** Waits until the restored server has replayed to its target and opened for writing. */
async function waitForPromotion(db: Kysely<Database>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await sql<{ recovering: boolean }>`SELECT pg_is_in_recovery() AS recovering`.execute(db);
    if (!rows[0].recovering) return;
    if (Date.now() > until)
      throw new Error('PostgreSQL 仍在回放归档日志，稍后再检查 / PostgreSQL is still replaying the archive; check again later');
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** After the restored server has started: the photos back into DATA_DIR/uploads, then the restore check. */
export async function checkPointInTimeRestore(options: {
  db: Kysely<Database>;
  backupDir: string;
  dataDir: string;
  label: string;
  timeoutMs?: number;
}): Promise<RestoreReport> {
  const { db, backupDir, dataDir } = options;
  await waitForPromotion(db, options.timeoutMs ?? 300_000);
  const hashes = (await referencedUploads(db)).map((u) => u.hash);
  // A photo taken after the last backup is in neither DATA_DIR nor the store when DATA_DIR was lost too: named, not fatal.
  const missing: string[] = [];
  for (const hash of hashes)
    await restoreUploads(join(backupDir, 'uploads'), join(dataDir, 'uploads'), [hash]).catch(() => missing.push(hash));
  const report = await checkRestoredDatabase(db, { setId: options.label, expectedCounts: null, uploads: hashes, dataDir });
  const uploadsBad = [...new Set([...report.uploadsBad, ...missing])];
  return { ...report, uploadsBad, ok: report.ok && uploadsBad.length === 0 };
}
