/**
 * The backup drill (issue 21), on both dialects: write (orders with a photo), back up while running, write more
 * (another order, another photo), destroy the database and the photos, restore, and compare: the first writes are
 * back, the later ones are not, and the restore check passes. Also: a restore is refused while the database is in
 * use, a damaged set is refused, and a second set copies only new photos.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DbHandle, type DialectName } from '@/db/connect';
import { migrateToLatest } from '@/db/migrate';
import { ManualClock } from '@/server/clock';
import { createBackup } from '@/server/backup/create-backup';
import { restoreBackup } from '@/server/backup/restore-backup';
import { pruneSets } from '@/server/backup/retention';
import { listSets } from '@/server/backup/manifest';
import { UploadStore } from '@/server/uploads/upload-store';
import { dialects, type TestDatabase } from './databases';
import { hubHarness, insertSubDistricts, insertUser } from './orders-fixture';

const AT = { lng: 121.41, lat: 31.21 };

/** A database that lives where a server's would: a data folder (owner thread) or a named PostgreSQL database. */
async function liveDatabase(dialect: DialectName, dataDir: string): Promise<{ handle: DbHandle; databaseUrl?: string }> {
  if (dialect === 'embedded') return { handle: await connectDatabase({ dataDir }) };
  const server = process.env.TEST_DATABASE_URL;
  if (!server) throw new Error('TEST_DATABASE_URL is not set');
  const admin = await connectDatabase({ databaseUrl: server, poolSize: 1 });
  const name = `onemap_drill_${randomBytes(5).toString('hex')}`;
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
  await admin.close();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { handle: await connectDatabase({ databaseUrl: url.toString(), poolSize: 4 }), databaseUrl: url.toString() };
}

async function dropPostgres(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = await connectDatabase({ databaseUrl: url.toString(), poolSize: 1 });
  await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
  await admin.close();
}

describe.each(dialects)('backup drill on %s', (dialect) => {
  let root: string;
  let dataDir: string;
  let backupDir: string;
  let live: { handle: DbHandle; databaseUrl?: string } | null = null;
  const clock = new ManualClock('2026-12-03T02:00:00Z');

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'onemap-drill-'));
    dataDir = join(root, 'data');
    backupDir = join(root, 'backups');
    live = await liveDatabase(dialect, dataDir);
    await migrateToLatest(live.handle.db);
    await insertSubDistricts(live.handle.db);
  }, 300_000); // embedded: a new data folder is initialised and migrated (over a minute on the loaded 2-core machine)
  afterAll(async () => {
    await live?.handle.close();
    if (live?.databaseUrl) await dropPostgres(live.databaseUrl);
    rmSync(root, { recursive: true, force: true });
  });

  async function orderWithPhoto(description: string, photo: Buffer): Promise<{ id: number; hash: string }> {
    const { handle } = live!;
    const stored = await new UploadStore(join(dataDir, 'uploads')).put(photo);
    const harness = hubHarness({ ...handle, drop: handle.close } as TestDatabase, clock);
    const dispatcher = await insertUser(handle.db, `d${randomBytes(3).toString('hex')}`, '调度员', 'dispatcher');
    const { order } = await harness.caller(dispatcher).orders.create({
      source: 'city_ops',
      description,
      location: AT,
      attachments: [{ contentHash: stored.contentHash, mediaType: 'image/jpeg', byteSize: stored.byteSize, purpose: 'report' }],
    });
    return { id: order.id, hash: stored.contentHash };
  }

  it('restores the backed-up writes and none of the later ones, and the check passes', async () => {
    const first = await orderWithPhoto('备份前的工单', randomBytes(2048));
    const before = await createBackup({ handle: live!.handle, databaseUrl: live!.databaseUrl, dataDir, backupDir });
    expect(before.rowCounts.orders).toBe(1);
    expect(before.uploads.map((u) => u.hash)).toEqual([first.hash]);
    expect(before.newUploadBytes).toBe(2048);

    clock.advanceMinutes(30);
    const later = await orderWithPhoto('备份后的工单', randomBytes(1024));

    // A second set copies only the new photo into the shared store.
    clock.advanceMinutes(1);
    const second = await createBackup({
      handle: live!.handle,
      databaseUrl: live!.databaseUrl,
      dataDir,
      backupDir,
      now: () => new Date(Date.now() + 1000),
    });
    expect(second.uploads).toHaveLength(2);
    expect(second.newUploadBytes).toBe(1024);
    await pruneSets(backupDir, 1); // retention: keep the newest set only
    expect(await listSets(backupDir)).toEqual([second.id]);
    // The first set is gone, but its photo stays in the store while the kept set still references it.
    expect(existsSync(join(backupDir, 'uploads', first.hash.slice(0, 2), first.hash))).toBe(true);

    // Restoring into a database in use is refused, naming who uses it.
    await expect(restoreBackup({ backupDir, set: 'latest', dataDir, databaseUrl: live!.databaseUrl })).rejects.toThrow(
      dialect === 'embedded' ? /in use by process \d+/ : /仍在使用中.*pid \d+/,
    );

    // Destroy: the database and the photos.
    await live!.handle.close();
    if (live!.databaseUrl) await dropPostgres(live!.databaseUrl);
    rmSync(dataDir, { recursive: true, force: true });
    const url = live!.databaseUrl;
    live = null;

    // Restore the kept set: both backed-up orders and both photos come back, and the check passes.
    const report = await restoreBackup({ backupDir, set: second.id, dataDir, databaseUrl: url });
    expect(report.ok).toBe(true);
    expect(report.countMismatches).toEqual([]);
    expect(report.uploadsChecked).toBe(2);

    live =
      dialect === 'embedded'
        ? { handle: await connectDatabase({ dataDir }) }
        : { handle: await connectDatabase({ databaseUrl: url }), databaseUrl: url };
    const orders = await live.handle.db.selectFrom('orders').select(['id', 'description']).orderBy('id').execute();
    expect(orders.map((o) => o.description)).toEqual(['备份前的工单', '备份后的工单']);
    expect(existsSync(join(dataDir, 'uploads', later.hash.slice(0, 2), later.hash))).toBe(true);

    // Writes after the set are lost by a restore to it: a third order, then restore the same set again.
    const third = await orderWithPhoto('恢复后又写的工单', randomBytes(512));
    await live.handle.close();
    live = null;
    rmSync(join(dataDir, 'uploads'), { recursive: true, force: true });
    const again = await restoreBackup({ backupDir, set: second.id, dataDir, databaseUrl: url });
    expect(again.ok).toBe(true);
    live =
      dialect === 'embedded'
        ? { handle: await connectDatabase({ dataDir }) }
        : { handle: await connectDatabase({ databaseUrl: url }), databaseUrl: url };
    const ids = (await live.handle.db.selectFrom('orders').select('id').execute()).map((o) => o.id);
    expect(ids).toContain(first.id);
    expect(ids).not.toContain(third.id);
    expect(existsSync(join(dataDir, 'uploads', third.hash.slice(0, 2), third.hash))).toBe(false);
    if (dialect === 'embedded') expect(readdirSync(root).some((n) => n.startsWith('data.before-restore-'))).toBe(true);
  }, 600_000); // embedded: every restore builds and opens a data folder (~20–80 s each on the 2-core machine)

  it('refuses a set whose database file was damaged', async () => {
    const [id] = await listSets(backupDir);
    const manifest = JSON.parse(
      String(await import('node:fs/promises').then((fs) => fs.readFile(join(backupDir, id, 'manifest.json')))),
    ) as {
      database: { file: string };
    };
    await appendFile(join(backupDir, id, manifest.database.file), 'x');
    await expect(restoreBackup({ backupDir, set: id, dataDir: join(root, 'other'), databaseUrl: live?.databaseUrl })).rejects.toThrow(
      /已损坏/,
    );
  });
});
