/**
 * Point-in-time restore on PostgreSQL (issue 21, "Speed"): how much is lost, and how long a restore takes. A server
 * archiving as the README configures it (archive_timeout 60 s), holding the seeded Changning data and the backup
 * benchmark's tickets and positions (its `--backup-*` options, bench/backup.ts), takes a base
 * backup, then is written to every 100 ms for WRITE_S seconds and lost (stopped hard, data directory deleted) at
 * that moment. Restored to the end of its archive: the writes lost are those after the last archived segment —
 * measured as the time between the loss and the newest write the restore has (target ≤ 60 s) — and the restore's
 * steps are timed (unpacking the base, PostgreSQL replaying the archive to the end, the restore check).
 *
 *   npm run bench -- pitr
 */
import { join } from 'node:path';
import { sql } from 'kysely';
import { connectDatabase } from '@/db/connect';
import { migrateToLatest } from '@/db/migrate';
import { seedDatabase } from '@/db/seed';
import { createBaseBackup } from '@/server/backup/base-backup';
import { checkPointInTimeRestore, preparePointInTimeRestore } from '@/server/backup/point-in-time';
import { ARCHIVE_TIMEOUT_S } from '@/server/backup/wal-archive';
import { ArchivingCluster } from '@/tests/pg/archiving-cluster';
import { backupScale, describeScale, loadBackupData } from './backup';
import { round } from './stats';

/** Long enough for archive_timeout to close a segment at least once while writing. */
const WRITE_S = 100;
const WRITE_EVERY_MS = 100;

export async function runPointInTimeBench() {
  const cluster = new ArchivingCluster();
  try {
    cluster.init();
    const admin = await connectDatabase({ databaseUrl: cluster.url(), poolSize: 1 });
    await sql`CREATE DATABASE onemap`.execute(admin.db);
    await admin.close();
    const databaseUrl = cluster.url('onemap');
    let handle = await connectDatabase({ databaseUrl, poolSize: 2 });
    await migrateToLatest(handle.db);
    await seedDatabase(handle.db);
    const scale = backupScale();
    const loadStarted = performance.now();
    const { positions } = await loadBackupData(handle.db, scale);
    const loadS = (performance.now() - loadStarted) / 1000;
    await sql`CREATE TABLE bench_writes (n integer PRIMARY KEY, at timestamptz NOT NULL)`.execute(handle.db);

    const baseStarted = performance.now();
    const base = await createBaseBackup({ handle, databaseUrl, dataDir: join(cluster.root, 'app'), backupDir: cluster.backupDir });
    const baseBackupS = (performance.now() - baseStarted) / 1000;

    // Steady writes, each committed, then the server is lost at once.
    let n = 0;
    const until = Date.now() + WRITE_S * 1000;
    while (Date.now() < until) {
      n += 1;
      await sql`INSERT INTO bench_writes VALUES (${n}, now())`.execute(handle.db);
      await new Promise((r) => setTimeout(r, WRITE_EVERY_MS));
    }
    await handle.close();
    const lostAt = new Date();
    cluster.lose();

    const restored = join(cluster.root, 'restored');
    const prepareStarted = performance.now();
    await preparePointInTimeRestore({ backupDir: cluster.backupDir, pgdata: restored, target: null });
    const prepareS = (performance.now() - prepareStarted) / 1000;
    const replayStarted = performance.now();
    cluster.start(restored);
    handle = await connectDatabase({ databaseUrl, poolSize: 1 });
    const report = await checkPointInTimeRestore({
      db: handle.db,
      backupDir: cluster.backupDir,
      dataDir: join(cluster.root, 'app'),
      label: 'bench',
      timeoutMs: 600_000,
    });
    const replayAndCheckS = (performance.now() - replayStarted) / 1000;
    const { rows } = await sql<{ n: number | null; at: Date | null }>`SELECT max(n) AS n, max(at) AS at FROM bench_writes`.execute(
      handle.db,
    );
    await handle.close();
    const newest = rows[0].at ? new Date(rows[0].at) : null;
    const lossS = newest ? (lostAt.getTime() - newest.getTime()) / 1000 : WRITE_S;
    return {
      note: `database with ${describeScale(scale)}; ${WRITE_S} s of one committed write every ${WRITE_EVERY_MS} ms after the base backup, then the server lost; archive_timeout ${ARCHIVE_TIMEOUT_S} s`,
      scale,
      loaded: { positions, seconds: round(loadS, 1) },
      baseBackup: { seconds: round(baseBackupS, 1), megabytes: round(base.bytes / 2 ** 20, 1) },
      writes: { made: n, restored: Number(rows[0].n ?? 0) },
      dataLostSeconds: round(lossS, 1),
      restore: { unpackSeconds: round(prepareS, 1), replayAndCheckSeconds: round(replayAndCheckS, 1), checkPassed: report.ok },
      targets: {
        dataLostSeconds: { limit: 60, pass: lossS <= 60 },
        restoreSeconds: { limit: 300, pass: prepareS + replayAndCheckS <= 300 },
      },
    };
  } finally {
    cluster.remove();
  }
}
