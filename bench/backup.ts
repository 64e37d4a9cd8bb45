/**
 * Backup and restore times (issue 21, "Speed") on the embedded database and on PostgreSQL, over a database holding
 * a generated 12345 history (`--backup-tickets=N`, default 50,000; the issue asks for 1,000,000) and a week of
 * positions of every unit (550 added to the seeded ones) loaded by the position history's benchmark loader (`--backup-position-days=N`, default 7;
 * `--backup-position-interval=S`, one fix every S seconds, default 600; the week is at 10 s, ~33 M rows).
 * Measured: the backup while the database runs (embedded: the owner thread's copy of the data folder,
 * packed; PostgreSQL: pg_dump of a snapshot), its
 * size, and the restore with its check (row counts, audit chain, orders ledger, photos).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import { connectDatabase, type DbHandle, type DialectName } from '@/db/connect';
import { migrateToLatest } from '@/db/migrate';
import { seedDatabase } from '@/db/seed';
import { createBackup } from '@/server/backup/create-backup';
import { restoreBackup } from '@/server/backup/restore-backup';
import { generateHistory } from '@/server/sim/hotline-history';
import { loadPositionHistory } from './position-history';
import { round } from './stats';

const END_DAY = '2026-11-22';
const NOW = new Date('2026-11-22T15:00:00Z');

async function open(
  dialect: DialectName,
  dataDir: string,
  serverUrl: string,
): Promise<{ handle: DbHandle; databaseUrl?: string; drop(): Promise<void> }> {
  if (dialect === 'embedded') return { handle: await connectDatabase({ dataDir }), drop: async () => undefined };
  const admin = await connectDatabase({ databaseUrl: serverUrl, poolSize: 1 });
  const name = `onemap_backup_bench_${randomBytes(4).toString('hex')}`;
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    handle: await connectDatabase({ databaseUrl: url.toString(), poolSize: 4 }),
    databaseUrl: url.toString(),
    async drop() {
      await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
      await admin.close();
    },
  };
}

export interface BackupScale {
  tickets: number;
  positionDays: number;
  positionIntervalS: number;
}

/** The benchmark's data beside the seeded Changning data: the 12345 history, then the week of positions. */
export async function loadBackupData(db: Kysely<Database>, scale: BackupScale) {
  const generated = await generateHistory(db, { count: scale.tickets, endDay: END_DAY, now: NOW });
  const positions = scale.positionDays > 0 ? await loadPositionHistory(db, scale.positionDays, scale.positionIntervalS, END_DAY, true) : 0;
  return { generated, positions };
}

async function benchDialect(dialect: DialectName, serverUrl: string, scale: BackupScale) {
  const root = mkdtempSync(join(tmpdir(), 'onemap-backup-bench-'));
  const dataDir = join(root, 'data');
  const backupDir = join(root, 'backups');
  const db = await open(dialect, dataDir, serverUrl);
  try {
    await migrateToLatest(db.handle.db);
    await seedDatabase(db.handle.db);
    const loadStarted = performance.now();
    const { generated, positions } = await loadBackupData(db.handle.db, scale);
    const loadS = (performance.now() - loadStarted) / 1000;
    const t0 = performance.now();
    const manifest = await createBackup({ handle: db.handle, databaseUrl: db.databaseUrl, dataDir, backupDir });
    const backupMs = performance.now() - t0;
    await db.handle.close();
    const t1 = performance.now();
    const report = await restoreBackup({ backupDir, set: manifest.id, dataDir, databaseUrl: db.databaseUrl });
    const restoreMs = performance.now() - t1;
    return {
      tickets: generated.tickets,
      positions,
      loadSeconds: round(loadS, 1),
      rows: report.rows,
      backupMs: round(backupMs),
      backupBytes: manifest.database.bytes,
      restoreWithCheckMs: round(restoreMs),
      checkPassed: report.ok,
      restoreTargetMs: 5 * 60_000,
    };
  } finally {
    await db.drop();
    rmSync(root, { recursive: true, force: true });
  }
}

function numberArg(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.split('=')[1]) : fallback;
}

/** The scale from the command line (see above); the point-in-time benchmark loads the same. */
export function backupScale(): BackupScale {
  return {
    tickets: numberArg('backup-tickets', 50_000),
    positionDays: numberArg('backup-position-days', 7),
    positionIntervalS: numberArg('backup-position-interval', 600),
  };
}

/** What a run loaded, in words. */
export function describeScale(scale: BackupScale): string {
  const fullWeek = scale.positionDays >= 7 && scale.positionIntervalS <= 10;
  return (
    `${scale.tickets.toLocaleString('en')} generated 12345 tickets` +
    (scale.tickets < 1_000_000 ? ' (scaled down from the issue’s 1,000,000)' : '') +
    `, ${scale.positionDays} day(s) of positions of every unit (${process.env.BENCH_POS_UNITS ?? 550} added to the seeded ones) at one fix every ${scale.positionIntervalS} s` +
    (fullWeek ? '' : ' (scaled down from the issue’s week at 10 s, ~33 M rows)') +
    ' and the seeded Changning data'
  );
}

/** `--backup-dialects=postgres` measures one dialect (a full-scale week loads for ~40 min into the embedded one). */
function dialectsArg(): DialectName[] {
  const arg = process.argv.find((a) => a.startsWith('--backup-dialects='));
  const chosen = arg ? arg.split('=')[1].split(',') : ['embedded', 'postgres'];
  const unknown = chosen.filter((d) => d !== 'embedded' && d !== 'postgres');
  if (unknown.length) throw new Error(`unknown dialect(s): ${unknown.join(', ')}; choose embedded, postgres`);
  return chosen as DialectName[];
}

export async function runBackupBench(options: { serverUrl: string }) {
  const scale = backupScale();
  const results: Partial<Record<DialectName, Awaited<ReturnType<typeof benchDialect>>>> = {};
  for (const dialect of dialectsArg()) results[dialect] = await benchDialect(dialect, options.serverUrl, scale);
  return { note: `database with ${describeScale(scale)}`, scale, ...results };
}
