/**
 * The simulator's alarm source: at a low background rate (about one new fault a minute, at most a handful open)
 * a toilet's odour reading crosses its threshold, a lamp or a kiosk fails, a transfer station fills, a disposal
 * center device faults — each recovering by itself a few minutes later, unless a person clears it first. Readings
 * go through the same ingest as a real gateway's, so thresholds, merging and flapping apply to them too.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { createRandom, type Random } from '@/geo/random';
import type { AlarmReading, AlarmsService } from '@/server/alarms/alarms.service';
import { disposalEquipmentCodes, facilityCodesOfKinds } from './demo-data.repository';
import { logFor } from '@/server/ops/log';

const log = logFor('sim');

const TICK_MS = 5_000;
/** Chance per tick of a new fault: one a minute on average. */
const FAULT_CHANCE = TICK_MS / 60_000;
const MAX_OPEN = 6;
const RECOVER_AFTER_MS: readonly [number, number] = [120_000, 420_000];
export const SIMULATOR_GATEWAY = 'SIM-GW';

type Scenario = { objectKind: string; type: string; fault: Partial<AlarmReading>; recover: Partial<AlarmReading> };

const SCENARIOS: readonly Scenario[] = [
  { objectKind: 'toilet', type: 'toilet.odour_nh3', fault: { value: 2.2 }, recover: { value: 0.6 } },
  { objectKind: 'toilet', type: 'toilet.odour_h2s', fault: { value: 0.09 }, recover: { value: 0.02 } },
  { objectKind: 'toilet', type: 'toilet.water_failure', fault: { state: 'fault' }, recover: { state: 'ok' } },
  { objectKind: 'light', type: 'light.lamp_failure', fault: { state: 'fault' }, recover: { state: 'ok' } },
  { objectKind: 'kiosk', type: 'kiosk.paper_out', fault: { state: 'fault' }, recover: { state: 'ok' } },
  { objectKind: 'kiosk', type: 'kiosk.offline', fault: { state: 'fault' }, recover: { state: 'ok' } },
  { objectKind: 'transfer_station', type: 'transfer.fill_level', fault: { value: 95 }, recover: { value: 40 } },
  {
    objectKind: 'disposal_equipment',
    type: 'disposal.equipment',
    fault: { state: 'fault', level: 1, location: [121.3748, 31.2143] },
    recover: { state: 'ok' },
  },
];

export class AlarmSource {
  private readonly rng: Random;
  private readonly open: Array<{ reading: Omit<AlarmReading, 'at'>; recover: Partial<AlarmReading>; at: number }> = [];
  private codes = new Map<string, string[]>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly alarms: AlarmsService,
    seed: number,
  ) {
    this.rng = createRandom(`${seed}:alarms`);
  }

  async start(): Promise<void> {
    const rows = await facilityCodesOfKinds(this.db, ['toilet', 'light', 'kiosk', 'transfer_station']);
    for (const r of rows) this.codes.set(r.kind, [...(this.codes.get(r.kind) ?? []), r.code]);
    // Real entries of the disposal center's equipment archive, so the wall names the machine (not a made-up code).
    this.codes.set('disposal_equipment', await disposalEquipmentCodes(this.db));
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick(Date.now())
        .catch((error: unknown) => log.error('alarm source failed', error))
        .finally(() => (this.running = null));
    }, TICK_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async tick(now: number): Promise<void> {
    const due = this.open.filter((o) => o.at <= now);
    const readings: AlarmReading[] = due.map((o) => ({
      ...o.reading,
      state: undefined,
      value: undefined,
      level: undefined,
      ...o.recover,
      at: new Date(now),
    }));
    this.open.splice(0, this.open.length, ...this.open.filter((o) => o.at > now));
    if (this.open.length < MAX_OPEN && this.rng.chance(FAULT_CHANCE)) {
      const scenario = this.rng.pick(SCENARIOS);
      const codes = this.codes.get(scenario.objectKind) ?? [];
      if (codes.length) {
        const reading = { objectKind: scenario.objectKind, objectCode: this.rng.pick(codes), type: scenario.type, ...scenario.fault };
        readings.push({ ...reading, at: new Date(now) });
        const [min, max] = RECOVER_AFTER_MS;
        this.open.push({ reading, recover: scenario.recover, at: now + this.rng.range(min, max) });
      }
    }
    if (readings.length) await this.alarms.ingest(readings, SIMULATOR_GATEWAY);
  }
}
