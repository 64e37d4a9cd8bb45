/**
 * Restores a backup set, then checks it (restore-check.ts) and records the verdict in BACKUP_DIR.
 * Embedded: a new data folder is unpacked from the set beside the live one, the photos are
 * put in, it is checked, and only then swapped in; the old folder is kept as <DATA_DIR>.before-restore-<time>.
 * Refused while any process holds the data folder's lock (the holder is named).
 * PostgreSQL: refused while other sessions use the database (a running server must be stopped first); then
 * pg_restore --clean in one transaction, so a failed restore leaves the database as it was.
 */
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract as extractTar } from 'tar';
import { connectDatabase } from '@/db/connect';
import { lockDataDir, LOCK_FILE } from '@/db/data-dir-lock';
import { createDataDirFromDump } from '@/db/restore-data-dir';
import { type BackupManifest, listSets, readManifest, setIdFor, sha256File } from './manifest';
import { serverVersion } from './backup-check.repository';
import { createDatabaseIfMissing, otherSessions, type Session } from './pg-admin.repository';
import { requireToolFor, runTool } from './pg-tools';
import { checkRestore, type RestoreReport } from './restore-check';
import { restoreUploads } from './upload-vault';

export const LAST_RESTORE = 'last-restore.json';

export interface RestoreTarget {
  backupDir: string;
  /** A set's folder name in backupDir, or 'latest'. */
  set: string;
  dataDir: string;
  databaseUrl?: string;
}

async function openSet(backupDir: string, set: string): Promise<{ setDir: string; manifest: BackupManifest }> {
  const id = set === 'latest' ? (await listSets(backupDir)).at(-1) : basename(set);
  if (!id) throw new Error(`${backupDir} 中没有备份集 / no backup set in ${backupDir}`);
  const setDir = join(backupDir, id);
  const manifest = await readManifest(setDir);
  const file = join(setDir, manifest.database.file);
  if (!existsSync(file) || (await sha256File(file)) !== manifest.database.sha256) {
    throw new Error(`备份集 ${id} 的数据库文件缺失或已损坏（校验和不符）/ the set's database file is missing or damaged (checksum)`);
  }
  return { setDir, manifest };
}

export async function restoreBackup(target: RestoreTarget): Promise<RestoreReport> {
  const { setDir, manifest } = await openSet(target.backupDir, target.set);
  const wanted = target.databaseUrl ? 'postgres' : 'embedded';
  if (manifest.dialect !== wanted) {
    throw new Error(
      `备份集 ${manifest.id} 属于${manifest.dialect === 'embedded' ? '嵌入式数据库' : ' PostgreSQL'}，不能恢复到当前配置 / the set is ${manifest.dialect}, the configuration is ${wanted}`,
    );
  }
  const report = wanted === 'embedded' ? await restoreEmbedded(target, setDir, manifest) : await restorePostgres(target, setDir, manifest);
  await writeFile(join(target.backupDir, LAST_RESTORE), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

/** The set's database as a new data folder at `folder`: a copied folder is unpacked, an older set's PGlite dump loaded. */
async function unpackDataDir(manifest: BackupManifest, file: string, folder: string): Promise<void> {
  if (manifest.format === 1) return createDataDirFromDump(folder, await readFile(file));
  await mkdir(folder);
  await pipeline(createReadStream(file), createGunzip(), extractTar({ cwd: folder }));
}

async function restoreEmbedded(target: RestoreTarget, setDir: string, manifest: BackupManifest): Promise<RestoreReport> {
  const dataDir = resolve(target.dataDir);
  await mkdir(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir); // throws, naming the holder, while a server (or another CLI) has the folder
  const staging = `${dataDir}.restoring-${manifest.id}`;
  try {
    await rm(staging, { recursive: true, force: true });
    await unpackDataDir(manifest, join(setDir, manifest.database.file), staging);
    await restoreUploads(
      join(target.backupDir, 'uploads'),
      join(staging, 'uploads'),
      manifest.uploads.map((u) => u.hash).filter((h) => !manifest.missingUploads.includes(h)),
    );
    const handle = await connectDatabase({ dataDir: staging });
    let report: RestoreReport;
    try {
      report = await checkRestore(handle.db, manifest, staging);
    } finally {
      await handle.close();
    }
    if (!report.ok)
      throw Object.assign(new Error('恢复检查未通过，现有数据未被替换 / the restore check failed; the live data was not replaced'), {
        report,
      });
    // Swap: the old folder is kept (minus its lock) until an operator removes it; the new one gets our lock at once.
    const aside = `${dataDir}.before-restore-${setIdFor(new Date())}`;
    await writeFile(join(staging, LOCK_FILE), await readFile(join(dataDir, LOCK_FILE)));
    await rename(dataDir, aside);
    await rm(join(aside, LOCK_FILE), { force: true });
    await rename(staging, dataDir);
    return report;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  } finally {
    unlock(); // after the swap the lock file in DATA_DIR is still ours (same pid), so this removes it
  }
}

async function restorePostgres(target: RestoreTarget, setDir: string, manifest: BackupManifest): Promise<RestoreReport> {
  const url = new URL(target.databaseUrl!);
  const name = decodeURIComponent(url.pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const admin = await connectDatabase({ databaseUrl: maintenance.toString(), poolSize: 1 });
  try {
    await requireToolFor('pg_restore', await serverVersion(admin.db));
    // A server that has just stopped may still be closing its connections: give them two seconds to go.
    let others: Session[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      others = await otherSessions(admin.db, name);
      if (others.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (others.length > 0) {
      const who = others.map((o) => `pid ${o.pid}${o.app ? ` (${o.app})` : ''}${o.client ? ` @${o.client}` : ''}`).join(', ');
      throw new Error(
        `数据库 ${name} 仍在使用中（${who}），请先停止服务器再恢复 / the database is in use by ${who}; stop the server first`,
      );
    }
    await createDatabaseIfMissing(admin.db, name);
  } finally {
    await admin.close();
  }
  await runTool(
    'pg_restore',
    [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--exit-on-error',
      join(setDir, manifest.database.file),
    ],
    target.databaseUrl!,
  );
  await restoreUploads(
    join(target.backupDir, 'uploads'),
    join(target.dataDir, 'uploads'),
    manifest.uploads.map((u) => u.hash).filter((h) => !manifest.missingUploads.includes(h)),
  );
  const handle = await connectDatabase({ databaseUrl: target.databaseUrl });
  try {
    return await checkRestore(handle.db, manifest, target.dataDir);
  } finally {
    await handle.close();
  }
}
