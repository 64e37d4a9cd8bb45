/**
 * Every demonstration simulator, started together once the server is attached and only when SIMULATOR is on:
 * the vehicles and facilities, the disposal center's meters, the alarm sources and (unless PARTNER_SIMULATOR=off)
 * the simulated 12345 and 区城运 platforms. Off in production; the services they feed do not know they exist.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { AlarmsService } from '@/server/alarms/alarms.service';
import type { Clock } from '@/server/clock';
import { type Env, ownBaseUrl } from '@/server/env';
import type { PartnerDeliveryService } from '@/server/partners/partner-delivery.service';
import { AlarmSource } from '@/server/sim/alarm-source';
import { DemoPlatforms } from '@/server/sim/demo-platforms';
import { Simulator } from '@/server/sim/simulator';
import { type CockpitServices, startCockpitJobs } from './cockpit';
import type { StartRounds } from '@/server/jobs/rounds';
import type { LiveServices } from './live';
import { logFor } from '@/server/ops/log';

const log = logFor('sim');

export interface Simulations {
  /** The simulated partner platforms, when they run (the admin console shows what they sent and received). */
  demoPlatforms?: DemoPlatforms;
  /** Stops in start order (run them in reverse). */
  stops: Array<() => Promise<void>>;
}

export async function startSimulations(deps: {
  config: Env;
  db: Kysely<Database>;
  clock: Clock;
  live: LiveServices;
  alarms: AlarmsService;
  cockpit: CockpitServices;
  partnerDeliveries: PartnerDeliveryService;
  rounds?: StartRounds;
}): Promise<Simulations> {
  const { config, db, live } = deps;
  const stops: Array<() => Promise<void>> = [];
  if (!config.SIMULATOR) return { stops };

  const simulator = new Simulator(db, live.liveUnits, live.eventFeed, live.liveHub, {
    seed: config.SIMULATOR_SEED,
    offlineSeconds: config.UNIT_OFFLINE_SECONDS,
  });
  const driven = await simulator.start();
  log.info(`simulator: ${driven.units} units on ${driven.roads} road lines and ${driven.places} places`, driven);
  stops.push(() => simulator.stop());

  // The center's meters and the alarm sources are simulated like the vehicles: off with the simulator.
  stops.push(startCockpitJobs(deps.cockpit, db, undefined, deps.rounds));
  const alarmSource = new AlarmSource(db, deps.alarms, config.SIMULATOR_SEED);
  await alarmSource.start();
  stops.push(() => alarmSource.stop());

  if (config.PARTNER_SIMULATOR === 'off') return { stops };
  const demoPlatforms = new DemoPlatforms({
    db,
    clock: deps.clock,
    deliveries: deps.partnerDeliveries,
    baseUrl: ownBaseUrl(config),
    seed: config.SIMULATOR_SEED,
    mode: config.PARTNER_SIMULATOR,
  });
  const simulated = await demoPlatforms.start();
  log.info(`partner simulator (${config.PARTNER_SIMULATOR}): ${simulated.join(', ') || 'none (real partners configured)'}`);
  stops.push(() => demoPlatforms.stop());
  return { demoPlatforms, stops };
}
