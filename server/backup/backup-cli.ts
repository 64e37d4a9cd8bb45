/**
 * `npm run db:backup` makes a backup set of the configured database (DATABASE_URL, else the embedded one in
 * DATA_DIR) into BACKUP_DIR and applies BACKUP_KEEP; `npm run db:restore -- <set|latest>` restores one (the server
 * must be stopped) and prints the restore check. `npm run db:restore -- --list` lists the sets.
 */
import { join } from 'node:path';
import { connectDatabase } from '@/db/connect';
import { DataDirLockedError } from '@/db/data-dir-lock';
import { env } from '../env';
import { backupDirOf } from './backup-config';
import { createBackup } from './create-backup';
import { listSets, readManifest } from './manifest';
import { formatReport, type RestoreReport } from './restore-check';
import { restoreBackup } from './restore-backup';
import { pruneSets } from './retention';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function backup() {
  const config = env();
  const backupDir = backupDirOf(config);
  const handle = await connectDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 }).catch(
    (error: unknown) => {
      if (error instanceof DataDirLockedError) {
        throw new Error(
          `${error.message}\n运行中的服务器按 BACKUP_INTERVAL 自动备份（由其数据库线程完成）；要立即手动备份，请先停止服务器 / the running server makes the backups itself (BACKUP_INTERVAL); stop it for a manual one`,
        );
      }
      throw error;
    },
  );
  try {
    const m = await createBackup({ handle, databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, backupDir });
    const removed = await pruneSets(backupDir, config.BACKUP_KEEP);
    console.log(`备份完成 / backup done: ${join(backupDir, m.id)}`);
    console.log(
      `  数据库 database: ${mb(m.database.bytes)} (${m.dialect}, PostgreSQL ${m.database.serverVersion}), ${Object.values(m.rowCounts).reduce((a, b) => a + b, 0)} 行 rows`,
    );
    console.log(
      `  照片 photos: ${m.uploads.length} 张, 新增 new ${mb(m.newUploadBytes)}${m.missingUploads.length ? `, ${m.missingUploads.length} 张原件缺失 missing at source` : ''}`,
    );
    console.log(
      `  用时 took ${(m.durationMs / 1000).toFixed(1)} s${removed.length ? `; 按 BACKUP_KEEP 删除旧备份 pruned ${removed.join(', ')}` : ''}`,
    );
  } finally {
    await handle.close();
  }
}

async function restore(set: string | undefined) {
  const config = env();
  const backupDir = backupDirOf(config);
  if (!set || set === '--list') {
    for (const id of await listSets(backupDir)) {
      const m = await readManifest(join(backupDir, id));
      console.log(`${id}  ${m.dialect}  ${mb(m.database.bytes)}  ${m.uploads.length} photos`);
    }
    if (!set) console.log('用法 usage: npm run db:restore -- <set|latest>');
    return;
  }
  const started = performance.now();
  try {
    const report = await restoreBackup({ backupDir, set, dataDir: config.DATA_DIR, databaseUrl: config.DATABASE_URL });
    console.log(formatReport(report));
    console.log(`恢复用时 restore took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (!report.ok) process.exitCode = 2;
  } catch (error) {
    const report = (error as { report?: RestoreReport }).report;
    if (report) console.log(formatReport(report));
    throw error;
  }
}

const [command, argument] = process.argv.slice(2);
(command === 'backup'
  ? backup()
  : command === 'restore'
    ? restore(argument)
    : Promise.reject(new Error('usage: backup-cli.ts backup|restore <set>'))
).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
