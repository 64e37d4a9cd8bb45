/**
 * The position history (issue 14), two questions:
 *  1. Does writing history slow frames? The fan-out benchmark (bench/fanout.ts) with 550 units reporting at 1 Hz,
 *     once with history (sampler + group-commit writer, as in production) and once without: frame latency p95 of
 *     both and their ratio (target ≤ 1.10).
 *  2. Do the reads stay fast on a long history? Per dialect, the same synthetic history loaded into the product's
 *     day-partitioned table and into an unpartitioned one of the same columns and indexes: one unit's day track
 *     p95 (target ≤ 50 ms) and every unit at a moment p95 (target ≤ 200 ms), the plans, and storage sizes. The
 *     partitioned history gets the product's retention round the morning after, which orders the closed day read by
 *     unit and time and packs each unit's day into one row (server/units/history/retention.ts; the day track reads
 *     that row, and the same track read from the ordered rows is measured beside it); the single table stays as written (keeping it ordered would
 *     mean rewriting all of it, and new rows still arrive interleaved).
 *     The issue asks for a week of 550 units at one fix every 10 s (~33 M rows): BENCH_POS_DAYS=7
 *     BENCH_POS_INTERVAL_S=10 (~6 GB per table; PostgreSQL loads it in minutes, the embedded database in hours on a
 *     2-core machine, so BENCH_POS_DIALECTS=postgres runs one dialect, BENCH_POS_FRAMES=off skips the frames part and
 *     BENCH_POS_TABLES=partitioned the single table);
 *     the default, 2 days at 60 s, is for a quick run. The row count used is reported.
 *
 *   npm run bench -- positions
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import type { DialectName } from '@/db/connect';
import { ManualClock } from '@/server/clock';
import { summarizeTrack } from '@/domain/positions/track';
import {
  explainQuery,
  positionsAtQuery,
  selectPositionsAt,
  selectTrack,
  selectTrackPieces,
  packedTrackQuery,
  trackQuery,
  unpackTrack,
  unpackTrackPieces,
} from '@/server/units/history/history.repository';
import { PositionRetention } from '@/server/units/history/retention';
import { freshDatabase, type TestDatabase } from '@/tests/integration/databases';
import { runFanoutBench } from './fanout';
import { median, p95, round } from './stats';

/**
 * Units in the history (550 in the issue). BENCH_POS_UNITS=110 loads a fifth for a quicker read check: each unit's
 * day still holds the same fixes, so a day track reads as many rows and pages; only the index is a little shallower.
 */
const UNITS = Number(process.env.BENCH_POS_UNITS ?? 550);

async function timed(samples: number, run: (i: number) => Promise<unknown>): Promise<{ median: number; p95: number }> {
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await run(i);
    ms.push(performance.now() - started);
  }
  return { median: round(median(ms), 1), p95: round(p95(ms), 1) };
}

/**
 * Adds UNITS units and fills the history with `days` days ending `lastDay` (Shanghai) of every unit in the database,
 * one fix every `intervalS`: here only the new ones; in the backup benchmark's seeded database the seeded units too,
 * as every unit of a real district reports. Returns the rows in the history.
 */
export async function loadPositionHistory(
  db: Kysely<Database>,
  days: number,
  intervalS: number,
  lastDay: string,
  partitioned: boolean,
): Promise<number> {
  await sql`INSERT INTO units (code, kind, name, sub_district_code, synthetic, on_shift)
    SELECT 'B-' || n, 'sweeper', 'bench ' || n, (SELECT code FROM sub_districts LIMIT 1), true, true FROM generate_series(1, ${UNITS}) n`.execute(
    db,
  );
  if (partitioned) {
    // Every day's partition exists, made by the product's retention round on a clock set to the last day.
    const clock = new ManualClock(`${lastDay}T12:00:00+08:00`);
    for (let d = days - 1; d >= 0; d--) {
      clock.set(new Date(Date.parse(`${lastDay}T12:00:00+08:00`) - d * 86_400_000));
      await new PositionRetention(db, clock, { fullDays: days + 1, thinDays: 0, aheadDays: 0 }).maintain();
    }
  } else {
    await sql`DROP TABLE unit_positions`.execute(db);
    await sql`CREATE TABLE unit_positions (
      unit_id integer NOT NULL REFERENCES units(id) ON DELETE CASCADE, recorded_at timestamptz NOT NULL,
      source text NOT NULL, speed_mps real, heading_deg real, geom geometry(Point, 4326) NOT NULL)`.execute(db);
  }
  const start = new Date(Date.parse(`${lastDay}T00:00:00+08:00`) - (days - 1) * 86_400_000);
  // Four statements a day keep each one's memory bounded (a full-scale day is 4.75 M rows); units wander around
  // their own spot in the district.
  const perDay = Math.floor(86_400 / intervalS);
  const perStatement = Math.ceil(perDay / 4);
  for (let d = 0; d < days; d++) {
    for (let first = 0; first < perDay; first += perStatement) {
      await sql`INSERT INTO unit_positions (unit_id, recorded_at, source, speed_mps, heading_deg, geom)
        SELECT u.id, ${start.toISOString()}::timestamptz + make_interval(days => ${d}, secs => s * ${intervalS}), 'simulator', 5, (s * 7) % 360,
          ST_Point(121.36 + (u.id % 25) * 0.004 + 0.003 * sin(s / 40.0), 31.19 + (u.id / 25) * 0.002 + 0.003 * cos(s / 55.0), 4326)
        FROM units u CROSS JOIN generate_series(${first}::int, ${Math.min(first + perStatement, perDay) - 1}::int) s`.execute(db);
    }
  }
  if (!partitioned) {
    await sql`CREATE INDEX unit_positions_unit_time_idx ON unit_positions (unit_id, recorded_at)`.execute(db);
    await sql`CREATE INDEX unit_positions_geom_idx ON unit_positions USING gist (geom)`.execute(db);
  }
  await sql`ANALYZE unit_positions`.execute(db);
  return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM unit_positions`.execute(db)).rows[0].n;
}

/**
 * The product's retention round the morning after the last day: it orders that closed day (the newest, the one the
 * reads below ask for) by unit and time and packs it; the older loaded days would follow one a round, hourly, as after an upgrade,
 * and are left as loaded here (the bench reads only the last day). Returns the seconds the round took.
 */
async function orderLastDay(db: TestDatabase, days: number, lastDay: string): Promise<number> {
  const clock = new ManualClock(new Date(Date.parse(`${lastDay}T06:00:00+08:00`) + 86_400_000));
  const started = performance.now();
  const actions = await new PositionRetention(db.db, clock, { fullDays: days + 1, thinDays: 0, aheadDays: 0 }).maintain();
  if (!actions.some((a) => a.kind === 'order' && a.partition.day === lastDay)) throw new Error(`${lastDay} was not ordered`);
  return round((performance.now() - started) / 1000, 1);
}

/**
 * One unit's day track as the service reads it (selectTrack's two steps, then the service's summary), split: the
 * query (the closed day's packed row, one text across the wire or the worker boundary; rows only for a span without
 * one), unpacking it into fixes in JS, and the summary (stops, speeds, distance). `total` is query + unpack, the
 * repository read measured since the first runs; the tRPC reply's serialization is not included.
 */
async function timedTracks(db: TestDatabase, ids: number[], from: Date, to: Date) {
  const parts = { total: [] as number[], query: [] as number[], unpack: [] as number[], summary: [] as number[] };
  for (let i = 0; i < 100; i++) {
    const t0 = performance.now();
    const pieces = await selectTrackPieces(db.db, ids[(i * 37) % ids.length], from, to, 20_000);
    const t1 = performance.now();
    const fixes = unpackTrackPieces(pieces, 20_000);
    const t2 = performance.now();
    summarizeTrack(fixes);
    const t3 = performance.now();
    parts.total.push(t2 - t0);
    parts.query.push(t1 - t0);
    parts.unpack.push(t2 - t1);
    parts.summary.push(t3 - t2);
  }
  const stats = (ms: number[]) => ({ median: round(median(ms), 1), p95: round(p95(ms), 1) });
  return {
    total: stats(parts.total),
    parts: { query: stats(parts.query), unpack: stats(parts.unpack), summary: stats(parts.summary) },
    fixes: (await selectTrack(db.db, ids[0], from, to, 20_000)).length,
  };
}

/**
 * The same day tracks read from the (ordered) rows as before packed days, query + unpack: the comparison in one run,
 * on the same machine load. It is what a day without a packed row (today, before the round) still costs.
 */
async function timedRowTracks(db: TestDatabase, ids: number[], from: Date, to: Date) {
  return timed(100, async (i) =>
    unpackTrack((await packedTrackQuery(ids[(i * 37) % ids.length], from, to, 20_000).execute(db.db)).rows[0]?.fixes),
  );
}

/** Table and index bytes: every partition's for the partitioned table (pg_partition_tree lists none for a plain one). */
async function storageMb(db: TestDatabase): Promise<number> {
  const { rows } = await sql<{ bytes: string }>`
    SELECT coalesce((SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('unit_positions')), 0)
      + CASE WHEN (SELECT relkind FROM pg_class WHERE relname = 'unit_positions') = 'p' THEN 0 ELSE pg_total_relation_size('unit_positions') END
      AS bytes`.execute(db.db);
  return round(Number(rows[0].bytes) / 2 ** 20, 1);
}

async function readsOn(dialect: DialectName, partitioned: boolean, days: number, intervalS: number, serverUrl?: string) {
  // Embedded, a history past 10 M rows goes on disk as in production (a full-scale week is ~6 GB, more than memory
  // should hold); smaller ones stay in memory, where they load several times faster.
  const onDisk = days * Math.floor(86_400 / intervalS) * UNITS > 10_000_000;
  const db = await freshDatabase(dialect, { serverUrl, onDisk });
  try {
    await sql`INSERT INTO sub_districts (code, name, name_en, geom, label_point)
      VALUES ('B', '基准', 'bench', ST_Multi(ST_MakeEnvelope(121.3, 31.1, 121.5, 31.3, 4326)), ST_Point(121.4, 31.2, 4326))`.execute(db.db);
    const lastDay = '2026-11-30';
    const loadStarted = performance.now();
    const rows = await loadPositionHistory(db.db, days, intervalS, lastDay, partitioned);
    const loadSeconds = round((performance.now() - loadStarted) / 1000, 1);
    const orderSeconds = partitioned ? await orderLastDay(db, days, lastDay) : undefined;
    const { rows: ids } = await sql<{ id: number }>`SELECT id FROM units ORDER BY id`.execute(db.db);
    const dayStart = new Date(`${lastDay}T00:00:00+08:00`);
    const dayEnd = new Date(dayStart.getTime() + 86_400_000);
    const moment = (i: number) => new Date(dayStart.getTime() + ((i * 7919) % 86_000) * 1000);
    const track = await timedTracks(
      db,
      ids.map((u) => u.id),
      dayStart,
      dayEnd,
    );
    const rowTrack = partitioned
      ? await timedRowTracks(
          db,
          ids.map((u) => u.id),
          dayStart,
          dayEnd,
        )
      : undefined;
    const atMoment = await timed(30, (i) => selectPositionsAt(db.db, moment(i), 600));
    return {
      rows,
      loadSeconds,
      ...(orderSeconds === undefined ? {} : { orderDaySeconds: orderSeconds }),
      storageMb: await storageMb(db),
      dayTrackMs: track.total,
      dayTrackPartsMs: track.parts,
      dayTrackFixes: track.fixes,
      ...(rowTrack === undefined ? {} : { dayTrackFromRowsMs: rowTrack }),
      allUnitsAtMomentMs: atMoment,
      trackPlan: await explainQuery(db.db, trackQuery(ids[0].id, dayStart, dayEnd, 20_000)),
      momentPlan: await explainQuery(db.db, positionsAtQuery(moment(1), 600)),
    };
  } finally {
    await db.drop();
  }
}

export async function runPositionHistoryBench(options: { serverUrl: string }) {
  const days = Number(process.env.BENCH_POS_DAYS ?? 2);
  const intervalS = Number(process.env.BENCH_POS_INTERVAL_S ?? 60);
  const fanout = { units: UNITS, clients: 20, warmupSeconds: 3, measureSeconds: 15 };
  // Interleaved runs, twice each, and the median of each design's p95s: one run of a few seconds on a 2-core machine
  // swings by a factor of two with whatever else the machine does.
  const p95s = { with: [] as number[], without: [] as number[] };
  const frames = process.env.BENCH_POS_FRAMES !== 'off';
  for (let round = 0; round < (frames ? 2 : 0); round++) {
    p95s.with.push((await runFanoutBench({ ...fanout, history: true })).binary.latencyMs.p95);
    p95s.without.push((await runFanoutBench({ ...fanout, history: false })).binary.latencyMs.p95);
  }
  const withHistory = median(p95s.with);
  const withoutHistory = median(p95s.without);
  const reads: Record<string, unknown> = {};
  const dialects = (process.env.BENCH_POS_DIALECTS ?? 'embedded,postgres').split(',') as DialectName[];
  // The single table is the comparison the partitioning was chosen on; BENCH_POS_TABLES=partitioned skips it.
  const tables = (process.env.BENCH_POS_TABLES ?? 'partitioned,unpartitioned').split(',');
  for (const dialect of dialects) {
    reads[dialect] = {
      partitioned: await readsOn(dialect, true, days, intervalS, options.serverUrl),
      unpartitioned: tables.includes('unpartitioned')
        ? await readsOn(dialect, false, days, intervalS, options.serverUrl)
        : 'not measured in this run (BENCH_POS_TABLES=partitioned)',
    };
  }
  const ratio = round(withHistory / withoutHistory, 2);
  return {
    scale: {
      units: UNITS,
      days,
      intervalS,
      note:
        days * Math.floor(86_400 / intervalS) * UNITS >= 33_000_000
          ? "the issue's full scale"
          : `scaled down from the issue's 550 units × 7 days at 10 s (~33 M rows)`,
    },
    frames: frames
      ? {
          p95WithHistoryMs: round(withHistory, 1),
          p95WithoutHistoryMs: round(withoutHistory, 1),
          runs: p95s,
          ratio,
          target: { limit: 1.1, pass: ratio <= 1.1 },
        }
      : 'not measured in this run (BENCH_POS_FRAMES=off)',
    reads,
  };
}
