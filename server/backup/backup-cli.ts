/**
 * `npm run db:backup` makes a backup set of the configured database (DATABASE_URL, else the embedded one in
 * DATA_DIR) into BACKUP_DIR and applies BACKUP_KEEP; `npm run db:restore -- <set|latest>` restores one (the server
 * must be stopped) and prints the restore check. `npm run db:restore -- --list` lists the sets.
 * PostgreSQL point in time: `db:backup -- --archive-settings` prints the archiving settings for postgresql.conf,
 * `db:backup -- --base` makes a base backup; `db:restore -- --to <time|latest> --pgdata <empty dir>` prepares a data
 * directory, and after PostgreSQL was started on it, `db:restore -- --check` checks it and puts the photos back.
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
import { pruneBaseBackups, pruneSets } from './retention';
import { createBaseBackup, listBaseBackups } from './base-backup';
import { checkPointInTimeRestore, preparePointInTimeRestore } from './point-in-time';
import { archiveSettings, confLines, walArchiveDir } from './wal-archive';

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

function needsPostgres(config: ReturnType<typeof env>): string {
  if (!config.DATABASE_URL)
    throw new Error('时间点恢复只用于 PostgreSQL（DATABASE_URL）/ point-in-time restore is for PostgreSQL (DATABASE_URL)');
  return config.DATABASE_URL;
}

async function baseBackup() {
  const config = env();
  const databaseUrl = needsPostgres(config);
  const backupDir = backupDirOf(config);
  const handle = await connectDatabase({ databaseUrl, poolSize: 1 });
  try {
    const base = await createBaseBackup({ handle, databaseUrl, dataDir: config.DATA_DIR, backupDir });
    const removed = await pruneBaseBackups(backupDir, config.BACKUP_KEEP);
    console.log(`基础备份完成 / base backup done: ${base.id}, ${mb(base.bytes)}, ${(base.durationMs / 1000).toFixed(1)} s`);
    if (removed.length) console.log(`  按 BACKUP_KEEP 删除旧基础备份及其之前的归档日志 / pruned ${removed.join(', ')} and older WAL`);
  } finally {
    await handle.close();
  }
}

/** `--to <time|latest> --pgdata <dir>`: the time as ISO 8601 with its zone, or Shanghai time without one. */
function parseMoment(text: string | undefined): Date | null {
  if (!text || text === 'latest') return null;
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}+08:00`;
  const at = new Date(withZone);
  if (Number.isNaN(at.getTime())) throw new Error(`无法识别的时间 / unrecognised time: ${text}（例 e.g. 2026-12-04 09:30:00）`);
  return at;
}

async function pointInTime(args: string[]) {
  const config = env();
  needsPostgres(config);
  const backupDir = backupDirOf(config);
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const pgdata = option('--pgdata');
  if (!pgdata) throw new Error('用法 usage: npm run db:restore -- --to "2026-12-04 09:30:00" --pgdata <空目录 empty directory>');
  const prepared = await preparePointInTimeRestore({ backupDir, pgdata, target: parseMoment(option('--to')) });
  console.log(
    `已从基础备份 ${prepared.base.id} 准备好数据目录 / data directory prepared from base ${prepared.base.id}: ${prepared.pgdata}`,
  );
  console.log(`  恢复到 recovering to: ${prepared.target ? prepared.target.toISOString() : '归档的最后时刻 the end of the archive'}`);
  console.log('下一步 next: 以 postgres 用户启动 PostgreSQL（数据目录属主须为 postgres）/ start PostgreSQL on it as its owner, e.g.');
  console.log(`  chown -R postgres ${prepared.pgdata} && runuser -u postgres -- pg_ctl -D ${prepared.pgdata} start`);
  console.log('然后 then: npm run db:restore -- --check');
}

async function checkAfterPointInTime() {
  const config = env();
  const databaseUrl = needsPostgres(config);
  const handle = await connectDatabase({ databaseUrl, poolSize: 1 });
  try {
    const report = await checkPointInTimeRestore({
      db: handle.db,
      backupDir: backupDirOf(config),
      dataDir: config.DATA_DIR,
      label: '时间点恢复 point in time',
    });
    console.log(formatReport(report));
    if (!report.ok) process.exitCode = 2;
  } finally {
    await handle.close();
  }
}

function printArchiveSettings() {
  const walDir = walArchiveDir(backupDirOf(env()));
  console.log(`# OneMap: PostgreSQL 连续归档到 continuous archiving into ${walDir}（该目录须属 postgres 用户 owned by postgres）`);
  console.log(confLines(archiveSettings(walDir)));
}

async function listBases() {
  for (const base of await listBaseBackups(backupDirOf(env())))
    console.log(`${base.id}  base  ${mb(base.bytes)}  from WAL ${base.firstWal}`);
}

const [command, ...rest] = process.argv.slice(2);
const argument = rest[0];
(command === 'backup'
  ? argument === '--base'
    ? baseBackup()
    : argument === '--archive-settings'
      ? Promise.resolve(printArchiveSettings())
      : backup()
  : command === 'restore'
    ? argument === '--to' || argument === '--pgdata'
      ? pointInTime(rest)
      : argument === '--check'
        ? checkAfterPointInTime()
        : argument === '--list'
          ? restore(argument).then(listBases)
          : restore(argument)
    : Promise.reject(new Error('usage: backup-cli.ts backup [--base|--archive-settings] | restore <set|--list|--to T --pgdata D|--check>'))
).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
