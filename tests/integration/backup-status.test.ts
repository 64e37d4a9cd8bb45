/**
 * Scheduled backups as the operator sees them, on both dialects: each round makes a set and keeps BACKUP_KEEP, and
 * GET /api/health reports the last set (503 once it is older than two intervals, or when the database is gone).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupSchedule } from '@/server/backup/backup-schedule';
import { createHealthRoute } from '@/server/health/health.route';
import { ManualClock } from '@/server/clock';
import { listSets } from '@/server/backup/manifest';
import { dialects, freshDatabase, type TestDatabase } from './databases';

describe.each(dialects)('scheduled backups and health on %s', (dialect) => {
  let database: TestDatabase;
  let root: string;
  let server: Server;
  let schedule: BackupSchedule;
  let url: string;
  const clock = new ManualClock('2026-12-03T01:00:00Z');

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'onemap-backup-status-'));
    database = await freshDatabase(dialect, { onDisk: true }); // embedded: a backup copies the data folder
    schedule = new BackupSchedule({
      handle: database,
      databaseUrl: database.databaseUrl,
      dataDir: join(root, 'data'),
      backupDir: join(root, 'backups'),
      intervalMs: 3_600_000,
      keep: 2,
      clock,
    });
    const route = createHealthRoute({ db: database.db, dialect, clock, backupStatus: () => schedule.status() });
    server = createServer((req, res) => void route.handle(req, res, new URL(req.url ?? '/', 'http://localhost')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/health`;
  }, 300_000); // a fresh embedded database takes minutes when the shared 2-core machine is busy
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await database?.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('reports no backup as degraded, then the newest set; keeps BACKUP_KEEP sets', async () => {
    const empty = await fetch(url);
    expect(empty.status).toBe(503);
    expect(await empty.json()).toMatchObject({ status: 'degraded', database: { ok: true }, backup: { sets: 0, last: null } });

    for (let i = 0; i < 3; i++) {
      await schedule.runOnce();
      clock.advanceMinutes(60);
    }
    expect(await listSets(join(root, 'backups'))).toHaveLength(2);
    const healthy = await fetch(url);
    expect(healthy.status).toBe(200);
    const body = (await healthy.json()) as {
      status: string;
      dialect: string;
      backup: { sets: number; last: { at: string; bytes: number }; intervalMinutes: number };
    };
    expect(body).toMatchObject({ status: 'ok', dialect, backup: { sets: 2, intervalMinutes: 60, lastRestore: null, lastError: null } });
    expect(body.backup.last.at).toBe('2026-12-03T03:00:00.000Z');
    expect(body.backup.last.bytes).toBeGreaterThan(10_000);

    clock.advanceMinutes(120); // the newest set is now older than two intervals
    const stale = await fetch(url);
    expect(stale.status).toBe(503);
    expect(await stale.json()).toMatchObject({ status: 'degraded', backupStale: true });
  }, 180_000);
});
