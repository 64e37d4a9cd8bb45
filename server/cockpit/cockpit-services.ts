/**
 * The disposal center's services over one database, sharing the dispatch hub's orders service (hidden dangers
 * become work orders) and clock; `startCockpitJobs` runs the live meters.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { Clock } from '@/server/orders/clock';
import type { OrdersService } from '@/server/orders/orders.service';
import { CockpitService } from './cockpit.service';
import { EnergySimulator } from './energy-sim';
import { HazardsService } from './hazards.service';

export interface CockpitServices {
  boards: CockpitService;
  hazards: HazardsService;
  meters: EnergySimulator;
}

export function createCockpitServices(options: { db: Kysely<Database>; clock: Clock; orders: OrdersService }): CockpitServices {
  return {
    boards: new CockpitService({ db: options.db, clock: options.clock }),
    hazards: new HazardsService(options),
    meters: new EnergySimulator(options.db),
  };
}

/** Every `intervalMs`: one round of (simulated) meter readings, then the energy judgement. Returns `stop`. */
export function startCockpitJobs(services: CockpitServices, clock: Clock, intervalMs = 5_000): () => Promise<void> {
  let running: Promise<void> | null = null;
  const round = async () => {
    try {
      const now = clock.now();
      await services.meters.tick(now, intervalMs / 1000);
      await services.boards.evaluateEnergy(now);
    } catch (error) {
      console.error('[cockpit-meters] round failed:', error);
    }
  };
  running = round().finally(() => (running = null));
  const timer = setInterval(() => {
    if (running) return;
    running = round().finally(() => (running = null));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
