/**
 * Opens the configured database and brings it up to date: migrate always, seed the Changning data when empty,
 * and (demo mode) create the demo accounts on first start. Reports how long each step took.
 */
import { connectDatabase, type DbHandle } from '@/db/connect';
import { migrateToLatest } from '@/db/migrate';
import { seedDatabase } from '@/db/seed';
import { seedCenter } from './cockpit/center-seed';
import type { Env } from './env';
import { seedLightingPlans } from './lighting/plans-seed';

export interface StartupTimings {
  openMs: number;
  migrateMs: number;
  seedMs: number;
  seeded: boolean;
}

export async function openDatabase(config: Env): Promise<{ handle: DbHandle; timings: StartupTimings }> {
  const t0 = performance.now();
  const handle = await connectDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const t1 = performance.now();
  await migrateToLatest(handle.db);
  const t2 = performance.now();
  const summary = await seedDatabase(handle.db);
  // The disposal center's synthetic archive and history, and the initial lighting plans: once, into empty tables.
  await seedCenter(handle.db, new Date());
  await seedLightingPlans(handle.db, new Date());
  const t3 = performance.now();
  return {
    handle,
    timings: { openMs: t1 - t0, migrateMs: t2 - t1, seedMs: t3 - t2, seeded: !('skipped' in summary && summary.skipped) },
  };
}
