/** Meter and monitor readings of the disposal center: written by the simulator (or real meters), read by the boards. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import type { UsageSample } from './energy-baseline';

export interface NewReading {
  equipment_id: number;
  metric: string;
  recorded_at: Date;
  interval_seconds: number;
  value: number;
}

/** Metrics that measure use over their interval (summable); the others are levels at an instant. */
export const USAGE_METRICS = ['electricity_kwh', 'water_m3'] as const;

export async function insertReadings(db: Kysely<Database>, rows: readonly NewReading[]): Promise<void> {
  if (rows.length)
    await db
      .insertInto('cockpit_readings')
      .values([...rows])
      .execute();
}

/** Short-interval use since `since`, per meter and metric (the live rate). */
export async function recentUsage(db: Kysely<Database>, since: Date): Promise<Map<string, UsageSample[]>> {
  const rows = await db
    .selectFrom('cockpit_readings')
    .select(['equipment_id', 'metric', 'recorded_at', 'interval_seconds', 'value'])
    .where('recorded_at', '>=', since)
    .where('interval_seconds', '<', 3600)
    .where('metric', 'in', [...USAGE_METRICS])
    .execute();
  return groupSamples(rows);
}

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

/** The readings in the same hour of the week as `at`, over the `weeks` weeks before it: all a baseline needs. */
export async function baselineHistory(db: Kysely<Database>, at: Date, weeks: number): Promise<Map<string, UsageSample[]>> {
  const hourStart = Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
  const rows = await db
    .selectFrom('cockpit_readings')
    .select(['equipment_id', 'metric', 'recorded_at', 'interval_seconds', 'value'])
    .where('metric', 'in', [...USAGE_METRICS])
    .where((eb) =>
      eb.or(
        Array.from({ length: weeks }, (_, i) => {
          const from = new Date(hourStart - (i + 1) * WEEK_MS);
          return eb.and([eb('recorded_at', '>=', from), eb('recorded_at', '<', new Date(from.getTime() + HOUR_MS))]);
        }),
      ),
    )
    .execute();
  return groupSamples(rows);
}

export const sampleKey = (equipmentId: number, metric: string) => `${equipmentId}:${metric}`;

function groupSamples(
  rows: ReadonlyArray<{ equipment_id: number; metric: string; recorded_at: Date; interval_seconds: number; value: number }>,
) {
  const grouped = new Map<string, UsageSample[]>();
  for (const r of rows) {
    const key = sampleKey(r.equipment_id, r.metric);
    const list = grouped.get(key) ?? [];
    list.push({ at: new Date(r.recorded_at), intervalSeconds: r.interval_seconds, value: Number(r.value) });
    grouped.set(key, list);
  }
  return grouped;
}

/** The latest reading of every monitor and metric (environment levels). */
export async function latestLevels(
  db: Kysely<Database>,
  metrics: readonly string[],
  since: Date,
): Promise<Array<{ equipment_id: number; metric: string; recorded_at: Date; value: number }>> {
  const { rows } = await sql<{ equipment_id: number; metric: string; recorded_at: Date; value: number }>`
    SELECT DISTINCT ON (equipment_id, metric) equipment_id, metric, recorded_at, value
    FROM cockpit_readings
    WHERE metric IN (${sql.join(metrics)}) AND recorded_at > ${since}
    ORDER BY equipment_id, metric, recorded_at DESC`.execute(db);
  return rows.map((r) => ({ ...r, value: Number(r.value), recorded_at: new Date(r.recorded_at) }));
}

/** A meter's use per hour since `since` (hours on the epoch grid, which is Shanghai's: UTC+8), for the trend chart. */
export async function hourlyUse(
  db: Kysely<Database>,
  equipmentId: number,
  metric: string,
  since: Date,
): Promise<Array<{ hour: Date; value: number; seconds: number }>> {
  const { rows } = await sql<{ hour: Date; value: number; seconds: number }>`
    SELECT to_timestamp(floor(extract(epoch FROM recorded_at) / 3600) * 3600) AS hour, sum(value)::float8 AS value, sum(interval_seconds)::int AS seconds
    FROM cockpit_readings
    WHERE equipment_id = ${equipmentId} AND metric = ${metric} AND recorded_at >= ${since}
    GROUP BY 1 ORDER BY 1`.execute(db);
  return rows.map((r) => ({ hour: new Date(r.hour), value: Number(r.value), seconds: Number(r.seconds) }));
}

/** Raw readings are kept this long: "today", the last 24 hours' chart and the live rates read them. */
export const RAW_READINGS_HOURS = 48;

/**
 * Keeps the readings table the size of what the boards read (every 5 s, ~15 rows a round, would otherwise grow by
 * ~260,000 rows a day for ever). Use readings older than RAW_READINGS_HOURS become one row per meter and hour —
 * the sum of use and of seconds, at the hour's start — which is all the hourly chart and the baseline read; older
 * levels go (only the latest is shown); and everything older than the baseline's reach (`keepWeeks`) goes. One
 * transaction; running it again changes nothing.
 */
export async function compactReadings(db: Kysely<Database>, now: Date, keepWeeks: number): Promise<{ rolledUp: number; removed: number }> {
  const rawCutoff = new Date(Math.floor((now.getTime() - RAW_READINGS_HOURS * HOUR_MS) / HOUR_MS) * HOUR_MS);
  const oldest = new Date(now.getTime() - keepWeeks * WEEK_MS);
  return db.transaction().execute(async (trx) => {
    const usage = sql.join(USAGE_METRICS.map((m) => sql.lit(m)));
    const rolled = await sql<{ n: number }>`
      WITH raw AS (
        DELETE FROM cockpit_readings
        -- An hour's row sits exactly on the hour; raw readings start wherever their 5 s fell.
        WHERE interval_seconds < 3600 AND recorded_at < ${rawCutoff} AND metric IN (${usage}) AND extract(epoch FROM recorded_at) % 3600 <> 0
        RETURNING equipment_id, metric, recorded_at, interval_seconds, value
      ), hourly AS (
        INSERT INTO cockpit_readings (equipment_id, metric, recorded_at, interval_seconds, value)
        SELECT equipment_id, metric, to_timestamp(floor(extract(epoch FROM recorded_at) / 3600) * 3600), sum(interval_seconds), sum(value)
        FROM raw GROUP BY 1, 2, 3
        RETURNING 1
      )
      SELECT count(*)::int AS n FROM hourly`.execute(trx);
    const levels = await trx
      .deleteFrom('cockpit_readings')
      .where('recorded_at', '<', rawCutoff)
      .where('metric', 'not in', [...USAGE_METRICS])
      .executeTakeFirst();
    const expired = await trx.deleteFrom('cockpit_readings').where('recorded_at', '<', oldest).executeTakeFirst();
    return { rolledUp: rolled.rows[0].n, removed: Number(levels.numDeletedRows) + Number(expired.numDeletedRows) };
  });
}

/** Use per metric since `since`, summed over the given meters. */
export async function usageTotalsSince(db: Kysely<Database>, since: Date, meterIds: readonly number[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('cockpit_readings')
    .select(['metric', (eb) => eb.fn.sum<number>('value').as('total')])
    .where('recorded_at', '>=', since)
    .where('metric', 'in', [...USAGE_METRICS])
    // 0 matches no meter: keeps the list non-empty, which `in` needs.
    .where('equipment_id', 'in', [...meterIds, 0])
    .groupBy('metric')
    .execute();
  return new Map(rows.map((r) => [r.metric, Number(r.total ?? 0)]));
}

/** A meter's hourly (compacted) readings of one metric in [from, to): the history the trend's baseline reads. */
export async function hourlyReadings(db: Kysely<Database>, meterId: number, metric: string, from: Date, to: Date): Promise<UsageSample[]> {
  const rows = await db
    .selectFrom('cockpit_readings')
    .select(['recorded_at', 'interval_seconds', 'value'])
    .where('equipment_id', '=', meterId)
    .where('metric', '=', metric)
    .where('interval_seconds', '=', 3600)
    .where('recorded_at', '>=', from)
    .where('recorded_at', '<', to)
    .execute();
  return rows.map((h) => ({ at: new Date(h.recorded_at), intervalSeconds: h.interval_seconds, value: Number(h.value) }));
}
