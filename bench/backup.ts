/**
 * Backup and restore times (issue 21, "Speed") on the embedded database and on PostgreSQL, over a database holding
 * a generated 12345 history (`--backup-tickets=N`, default 50,000; the committed figures are for the issue's
 * 1,000,000). Measured: the backup while the database runs (embedded: the owner thread's copy of the data folder,
 * packed; PostgreSQL: pg_dump of a snapshot), its
 * size, and the restore with its check (row counts, audit chain, orders ledger, photos).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { connectDatabase, type DbHandle, type DialectName } from '@/db/connect';
import { migrateToLatest } from '@/db/migrate';
import { seedDatabase } from '@/db/seed';
import { createBackup } from '@/server/backup/create-backup';
import { restoreBackup } from '@/server/backup/restore-backup';
import { generateHistory } from '@/server/sim/hotline-history';
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

async function benchDialect(dialect: DialectName, serverUrl: string, tickets: number) {
  const root = mkdtempSync(join(tmpdir(), 'onemap-backup-bench-'));
  const dataDir = join(root, 'data');
  const backupDir = join(root, 'backups');
  const db = await open(dialect, dataDir, serverUrl);
  try {
    await migrateToLatest(db.handle.db);
    await seedDatabase(db.handle.db);
    const generated = await generateHistory(db.handle.db, { count: tickets, endDay: END_DAY, now: NOW });
    const t0 = performance.now();
    const manifest = await createBackup({ handle: db.handle, databaseUrl: db.databaseUrl, dataDir, backupDir });
    const backupMs = performance.now() - t0;
    await db.handle.close();
    const t1 = performance.now();
    const report = await restoreBackup({ backupDir, set: manifest.id, dataDir, databaseUrl: db.databaseUrl });
    const restoreMs = performance.now() - t1;
    return {
      tickets: generated.tickets,
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

export async function runBackupBench(options: { serverUrl: string }) {
  const arg = process.argv.find((a) => a.startsWith('--backup-tickets='));
  const tickets = arg ? Number(arg.split('=')[1]) : 50_000;
  return {
    note:
      `database with ${tickets.toLocaleString('en')} generated 12345 tickets` +
      (tickets < 1_000_000 ? ' (scaled down from the issue’s 1,000,000)' : '') +
      ' plus the seeded Changning data; no position history (a week of positions is not loaded here)',
    embedded: await benchDialect('embedded', options.serverUrl, tickets),
    postgres: await benchDialect('postgres', options.serverUrl, tickets),
  };
}
