/**
 * Part of the composition root (server/app.ts): the disposal center's services over one database, sharing the
 * dispatch hub's orders service (hidden dangers become work orders) and clock; `startCockpitJobs` runs the
 * (simulated) live meters, the inspection plan and the readings' compaction (started by compose/sim.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { type StartRounds, startRounds } from '@/server/jobs/rounds';
import { type Clock } from '@/server/clock';
import { shanghaiDay } from '@/domain/shanghai-time';
import type { OrdersService } from '@/server/orders/orders.service';
import { CockpitService } from '@/server/cockpit/cockpit.service';
import { BASELINE_WEEKS } from '@/server/cockpit/energy-baseline';
import { compactReadings } from '@/server/cockpit/readings.repository';

const HOUR_MS = 3_600_000;
import { EnergySimulator } from '@/server/sim/energy-sim';
import { HazardsService } from '@/server/cockpit/hazards.service';
import { writeInspectionPlan } from '@/server/cockpit/inspections.service';

export interface CockpitServices {
  boards: CockpitService;
  hazards: HazardsService;
  meters: EnergySimulator;
  /** The time the cockpit judges by (inspections due today, deadlines); tests hold a manual one. */
  clock: Clock;
}

export function createCockpitServices(options: { db: Kysely<Database>; clock: Clock; orders: OrdersService }): CockpitServices {
  return {
    boards: new CockpitService({ db: options.db, clock: options.clock }),
    hazards: new HazardsService(options),
    meters: new EnergySimulator(options.db),
    clock: options.clock,
  };
}

/**
 * Every `intervalMs` (and at once): one round of (simulated) meter readings, then the energy judgement; on the
 * first round of each Shanghai day, the routine inspection plan is extended to the next two weeks; on the first
 * round of each hour, old readings are compacted (readings.repository.ts). Returns `stop`.
 */
export function startCockpitJobs(
  services: CockpitServices,
  db: Kysely<Database>,
  intervalMs = 5_000,
  rounds: StartRounds = startRounds,
): () => Promise<void> {
  let plannedDay: string | null = null;
  let compactedHour: number | null = null;
  return rounds(
    'cockpit-meters',
    intervalMs,
    async () => {
      const now = services.clock.now();
      await services.meters.tick(now, intervalMs / 1000);
      await services.boards.evaluateEnergy(now);
      const today = shanghaiDay(now);
      if (plannedDay !== today) {
        await writeInspectionPlan(db, today);
        plannedDay = today;
      }
      const hour = Math.floor(now.getTime() / HOUR_MS);
      if (compactedHour !== hour) {
        await compactReadings(db, now, BASELINE_WEEKS + 1);
        compactedHour = hour;
      }
    },
    { runNow: true },
  );
}
