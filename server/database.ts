/**
 * Opens the configured database and brings it up to date: migrate always, seed the Changning data when empty,
 * and (demo mode) create the demo accounts on first start. Reports how long each step took.
 */
import { connectDatabase, type DbHandle } from '@/db/connect';
import { dbQuerySeconds } from './ops/metrics';
import { migrateToLatest } from '@/db/migrate';
import { seedDatabase } from '@/db/seed';
import { seedCenter } from './sim/center-seed';
import type { Env } from './env';
import { seedLightingPlans } from './sim/lighting-plans-seed';
import { DEMO_HISTORY_TICKETS, seedHotlineHistory } from './sim/hotline-history';
import { shanghaiDay } from '@/domain/shanghai-time';
import { systemClock } from './clock';
import { KnowledgeService } from './knowledge/knowledge.service';
import { seedTicketReplies } from './sim/hotline-replies';
import { seedKnowledge } from './sim/knowledge-seed';
import { logFor } from '@/server/ops/log';

const log = logFor('database');

export interface StartupTimings {
  openMs: number;
  migrateMs: number;
  seedMs: number;
  seeded: boolean;
  /** Demo mode, first start: the synthetic 12345 history (null when already there or not in demo mode). */
  hotlineMs: number | null;
}

export async function openDatabase(config: Env): Promise<{ handle: DbHandle; timings: StartupTimings }> {
  const t0 = performance.now();
  const handle = await connectDatabase({
    onConnectionLost: (error) => log.warn('a database connection was lost; the pool opens another', { reason: error.message }),
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    onQuery: (ms, failed) => dbQuerySeconds.observe({ outcome: failed ? 'failed' : 'ok' }, ms / 1000),
  });
  const t1 = performance.now();
  await migrateToLatest(handle.db);
  const t2 = performance.now();
  const summary = await seedDatabase(handle.db);
  // The disposal center's synthetic archive and history, and the initial lighting plans: once, into empty tables.
  await seedCenter(handle.db, new Date());
  await seedLightingPlans(handle.db, new Date());
  const t3 = performance.now();
  // Three years of synthetic 12345 tickets ending today; `npm run db:seed -- --tickets 1000000` loads more.
  const now = new Date();
  const history = config.DEMO_MODE
    ? await seedHotlineHistory(handle.db, { count: DEMO_HISTORY_TICKETS, endDay: shanghaiDay(now), now })
    : null;
  // A few of them with the reply sent back, for the knowledge base's 采集 of 12345 replies.
  if (config.DEMO_MODE) await seedTicketReplies(handle.db);
  // Demo mode, first start: the synthetic knowledge entries (issue 13), published by the system.
  // In the background: publishing each entry through the index takes a while on the embedded database.
  if (config.DEMO_MODE) {
    seedKnowledge(handle.db, new KnowledgeService({ db: handle.db, clock: systemClock })).catch((error: unknown) =>
      log.error('knowledge demo entries not seeded', error),
    );
  }
  return {
    handle,
    timings: {
      openMs: t1 - t0,
      migrateMs: t2 - t1,
      seedMs: t3 - t2,
      seeded: !('skipped' in summary && summary.skipped),
      hotlineMs: history?.ms ?? null,
    },
  };
}
