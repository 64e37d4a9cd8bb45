/**
 * The point-in-time drill (issue 21), on PostgreSQL: a server archiving its WAL exactly as the README configures it
 * (wal-archive.ts). Write, make a base backup, write (the order before the moment), note the moment, write more
 * (the order after it), lose the server (stopped hard, its data directory deleted), restore to the moment from the
 * base and the archive, start it, and compare: the orders up to the moment are back with their photos, the later
 * one is not, and the restore check passes. A non-empty data directory and a moment before every base are refused.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DbHandle } from '@/db/connect';
import { migrateToLatest } from '@/db/migrate';
import { createBaseBackup } from '@/server/backup/base-backup';
import { checkPointInTimeRestore, preparePointInTimeRestore } from '@/server/backup/point-in-time';
import { archivingStatus } from '@/server/backup/wal-archive';
import { ManualClock } from '@/server/clock';
import { UploadStore } from '@/server/uploads/upload-store';
import type { TestDatabase } from './databases';
import { hubHarness, insertSubDistricts, insertUser } from './orders-fixture';
import { ArchivingCluster } from '../pg/archiving-cluster';

describe('point-in-time restore on postgres', () => {
  const cluster = new ArchivingCluster();
  const { root, backupDir } = cluster;
  const dataDir = join(root, 'app');
  let live: DbHandle | null = null;
  const clock = new ManualClock('2026-12-04T02:00:00Z');
  const url = () => cluster.url('onemap_pitr');

  beforeAll(async () => {
    cluster.init();
    const admin = await connectDatabase({ databaseUrl: cluster.url(), poolSize: 1 });
    await sql`CREATE DATABASE onemap_pitr`.execute(admin.db);
    await admin.close();
    live = await connectDatabase({ databaseUrl: url(), poolSize: 4 });
    await migrateToLatest(live.db);
    await insertSubDistricts(live.db);
  }, 180_000);

  afterAll(async () => {
    await live?.close();
    cluster.remove();
  });

  async function orderWithPhoto(description: string): Promise<{ id: number; hash: string }> {
    const stored = await new UploadStore(join(dataDir, 'uploads')).put(randomBytes(1500));
    const harness = hubHarness({ ...live!, drop: live!.close } as TestDatabase, clock);
    const dispatcher = await insertUser(live!.db, `d${randomBytes(3).toString('hex')}`, '调度员', 'dispatcher');
    const { order } = await harness.caller(dispatcher).orders.create({
      source: 'city_ops',
      description,
      location: { lng: 121.41, lat: 31.21 },
      attachments: [{ contentHash: stored.contentHash, mediaType: 'image/jpeg', byteSize: stored.byteSize, purpose: 'report' }],
    });
    return { id: order.id, hash: stored.contentHash };
  }

  it('restores to a moment between two writes: what came before is back with its photos, what came after is not', async () => {
    expect((await archivingStatus(live!.db)).archiveMode).toBe('on');
    const first = await orderWithPhoto('基础备份前的工单');
    const base = await createBaseBackup({ handle: live!, databaseUrl: url(), dataDir, backupDir });
    expect(base.uploads.map((u) => u.hash)).toEqual([first.hash]);

    const before = await orderWithPhoto('时刻之前的工单');
    await new Promise((r) => setTimeout(r, 1500));
    const moment = new Date();
    await new Promise((r) => setTimeout(r, 1500));
    const after = await orderWithPhoto('时刻之后的工单');

    // The segment holding the last write is closed and archived (archive_timeout does this within a minute).
    const { rows } = await sql<{ file: string }>`SELECT pg_walfile_name(pg_switch_wal()) AS file`.execute(live!.db);
    for (let i = 0; i < 100 && ((await archivingStatus(live!.db)).lastArchivedWal ?? '') < rows[0].file; i++) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await archivingStatus(live!.db)).lastArchivedWal! >= rows[0].file).toBe(true);

    // The server is lost: stopped hard and its data directory gone; one live photo is lost with it.
    await live!.close();
    live = null;
    cluster.lose();
    rmSync(join(dataDir, 'uploads', first.hash.slice(0, 2), first.hash));

    // Refused: a data directory that is not empty, and a moment before every base backup.
    const occupied = join(root, 'occupied');
    mkdirSync(occupied);
    writeFileSync(join(occupied, 'PG_VERSION'), '15');
    await expect(preparePointInTimeRestore({ backupDir, pgdata: occupied, target: moment })).rejects.toThrow(/不是空的/);
    await expect(
      preparePointInTimeRestore({ backupDir, pgdata: join(root, 'early'), target: new Date(Date.parse(base.createdAt) - 60_000) }),
    ).rejects.toThrow(/之前没有基础备份/);

    const restored = join(root, 'restored');
    const prepared = await preparePointInTimeRestore({ backupDir, pgdata: restored, target: moment });
    expect(prepared.base.id).toBe(base.id);
    expect(statSync(restored).mode & 0o777).toBe(0o700);
    cluster.start(restored);
    live = await connectDatabase({ databaseUrl: url(), poolSize: 2 });
    const report = await checkPointInTimeRestore({ db: live.db, backupDir, dataDir, label: `PITR ${moment.toISOString()}` });
    expect(report).toMatchObject({ ok: true, auditFirstBrokenId: null, ordersOffLedger: [], uploadsBad: [] });

    const orders = await live.db.selectFrom('orders').select(['id', 'description']).orderBy('id').execute();
    expect(orders.map((o) => o.description)).toEqual(['基础备份前的工单', '时刻之前的工单']);
    expect(orders.map((o) => o.id)).not.toContain(after.id);
    expect(orders.map((o) => o.id)).toContain(before.id);
    // The photo lost with the server came back from the shared store.
    expect(existsSync(join(dataDir, 'uploads', first.hash.slice(0, 2), first.hash))).toBe(true);
    // The restored server is open for writing on a new timeline.
    await orderWithPhoto('恢复后的新工单');
  }, 300_000);
});
