/**
 * The center's live meters, simulated (模拟数据) until real meters report: every few seconds each energy meter
 * reports what it used in the interval and each environment monitor its levels, all persisted as readings. Now
 * and then a meter runs high for ten minutes (a compactor left running, a leak) or a monitor sees an odour
 * spike, so the anomaly and alarm paths have something real to show. Seeded: the same seed replays the same
 * episodes. After each round the energy anomalies are judged (energy.service.ts).
 */
import type { Kysely } from 'kysely';
import type { Database, EquipmentType } from '@/db/schema';
import { createRandom, type Random } from '@/geo/random';
import { CENTER_SEED, type Metric, type PlannedEquipment, plannedMeter, typicalUse } from '@/server/cockpit/center';
import { insertReadings, type NewReading } from '@/server/cockpit/readings.repository';
import { simulatedMeters } from './demo-data.repository';

interface SimMeter {
  id: number;
  code: string;
  type: EquipmentType;
  meter?: PlannedEquipment['meter'];
  /** Until when (ms) this meter runs high, and by how much. */
  episode: { until: number; factor: number } | null;
}

const HOUR_MS = 3_600_000;
/** A high-use episode starts on a meter about once in 40 minutes of ticks at 5 s. */
const ENERGY_EPISODE_CHANCE = 1 / 480;
const ENERGY_EPISODE_MS = 10 * 60_000;
const ODOUR_EPISODE_CHANCE = 1 / 360;
const ODOUR_EPISODE_MS = 2 * 60_000;

export class EnergySimulator {
  private meters: SimMeter[] | null = null;
  private last: number | null = null;
  private readonly random: Random;

  constructor(
    private readonly db: Kysely<Database>,
    seed: string = CENTER_SEED,
  ) {
    this.random = createRandom(seed).fork('live-meters');
  }

  private async load(): Promise<SimMeter[]> {
    if (this.meters) return this.meters;
    const rows = await simulatedMeters(this.db);
    this.meters = rows.map((r) => ({ id: r.id, code: r.code, type: r.type, meter: plannedMeter(r.code), episode: null }));
    return this.meters;
  }

  /** Writes one round of readings for the interval ending `now`; returns them. */
  async tick(now: Date, intervalSeconds = 5): Promise<NewReading[]> {
    const meters = await this.load();
    const t = now.getTime();
    const seconds = this.last === null ? intervalSeconds : Math.max(1, Math.min(3600, Math.round((t - this.last) / 1000)));
    this.last = t;
    const from = new Date(t - seconds * 1000);
    const shanghaiHour = new Date(t + 8 * HOUR_MS).getUTCHours();
    const rows: NewReading[] = [];
    for (const m of meters) {
      if (m.episode && m.episode.until <= t) m.episode = null;
      if (m.type === 'energy_meter' && m.meter) {
        if (!m.episode && this.random.chance(ENERGY_EPISODE_CHANCE))
          m.episode = { until: t + ENERGY_EPISODE_MS, factor: this.random.range(1.6, 2.0) };
        const perHour = typicalUse(m.meter, shanghaiHour) * (m.episode?.factor ?? 1) * this.random.gaussian(1, 0.05);
        rows.push({
          equipment_id: m.id,
          metric: m.meter.metric,
          recorded_at: from,
          interval_seconds: seconds,
          value: round((Math.max(0, perHour) * seconds) / 3600, 4),
        });
      } else if (m.type === 'env_monitor') {
        if (!m.episode && this.random.chance(ODOUR_EPISODE_CHANCE))
          m.episode = { until: t + ODOUR_EPISODE_MS, factor: this.random.range(2.6, 3.4) };
        const odour = m.episode?.factor ?? 1;
        const day = shanghaiHour >= 6 && shanghaiHour < 22;
        const levels: Array<[Metric, number]> = [
          ['h2s_mg_m3', round(Math.max(0, this.random.gaussian(0.022, 0.004) * odour), 4)],
          ['nh3_mg_m3', round(Math.max(0, this.random.gaussian(0.45, 0.08) * odour), 3)],
          ['noise_db', round(this.random.gaussian(day ? 57 : 47, 2), 1)],
        ];
        for (const [metric, value] of levels) rows.push({ equipment_id: m.id, metric, recorded_at: now, interval_seconds: seconds, value });
      }
    }
    await insertReadings(this.db, rows);
    return rows;
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
