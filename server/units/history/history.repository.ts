/**
 * All SQL of the one position history (unit_positions, partitioned by day): the group-commit insert and the three
 * reads the time slider and coverage work use. Each read names the index it relies on; bench/position-history.ts
 * and tests/integration/position-history.test.ts print and check their plans.
 *  - a unit's track: unit_positions_unit_time_idx (unit_id, recorded_at), pruned to the period's days;
 *  - every unit at a moment: one probe of the same index per unit (LATERAL … LIMIT 1), pruned to the lookback;
 *  - tracks crossing an area: unit_positions_geom_idx (GiST) in the period's partitions.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database, PositionSource } from '@/db/schema';
import { stFromGeoJSON } from '@/db/st';

export interface HistoryRow {
  unitId: number;
  recordedAt: Date;
  source: PositionSource;
  lng: number;
  lat: number;
  speedMps: number | null;
  headingDeg: number | null;
}

/** One INSERT … SELECT FROM unnest(…) for the whole batch (a fixed number of parameters however many rows). */
export async function insertHistoryRows(db: Kysely<Database>, rows: readonly HistoryRow[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    INSERT INTO unit_positions (unit_id, recorded_at, source, speed_mps, heading_deg, geom)
    SELECT v.unit_id, v.recorded_at, v.source, v.speed, v.heading, ST_Point(v.lng, v.lat, 4326)
    FROM unnest(
      ${rows.map((r) => r.unitId)}::int[],
      ${rows.map((r) => r.recordedAt.toISOString())}::timestamptz[],
      ${rows.map((r) => r.source)}::text[],
      ${rows.map((r) => r.speedMps)}::real[],
      ${rows.map((r) => r.headingDeg)}::real[],
      ${rows.map((r) => r.lng)}::float8[],
      ${rows.map((r) => r.lat)}::float8[]
    ) AS v(unit_id, recorded_at, source, speed, heading, lng, lat)`.execute(db);
}

export interface StoredFix {
  unitId: number;
  at: Date;
  source: PositionSource;
  lng: number;
  lat: number;
  speedMps: number | null;
  headingDeg: number | null;
}

const fixColumns = sql`h.unit_id AS "unitId", h.recorded_at AS at, h.source, ST_X(h.geom) AS lng, ST_Y(h.geom) AS lat,
  h.speed_mps AS "speedMps", h.heading_deg AS "headingDeg"`;

/** A fix of a track: what a replay draws and summarizes (no unit id, it is the one asked for; no heading, unused). */
export interface TrackFix {
  /** Epoch ms: what the summary and the reply use, so no Date is made per fix. */
  at: number;
  source: PositionSource;
  lng: number;
  lat: number;
  speedMps: number | null;
}

/** One unit's kept fixes in [from, to), oldest first, at most `limit` (the rows packedTrackQuery packs). */
export function trackQuery(unitId: number, from: Date, to: Date, limit: number) {
  return sql<
    Omit<TrackFix, 'at'> & { at: Date }
  >`SELECT h.recorded_at AS at, h.source, ST_X(h.geom) AS lng, ST_Y(h.geom) AS lat, h.speed_mps AS "speedMps"
    FROM unit_positions h
    WHERE h.unit_id = ${unitId} AND h.recorded_at >= ${from.toISOString()}::timestamptz AND h.recorded_at < ${to.toISOString()}::timestamptz
    ORDER BY h.recorded_at LIMIT ${limit}`;
}

/**
 * One unit's track as a single packed text built by the database (one row crosses the wire or the worker boundary
 * instead of thousands): "ms,source,lng,lat,speed;…", an empty field for no value. Text joined by string_agg with
 * the time from date_part (double precision) costs about half of json_agg over json_build_array with extract
 * (numeric): a week-scale day of 8,640 fixes at 10 s. The rows are trackQuery's, whose plan the bench shows.
 */
export function packedTrackQuery(unitId: number, from: Date, to: Date, limit: number) {
  return sql<{ fixes: string | null }>`SELECT string_agg(concat(
      floor(date_part('epoch', t.at) * 1000)::int8, ',', t.source, ',', t.lng, ',', t.lat, ',', t."speedMps"), ';' ORDER BY t.at) AS fixes
    FROM (${trackQuery(unitId, from, to, limit)}) t`;
}

/**
 * The fixes of packedTrackQuery's text, in one pass with indexOf and no intermediate arrays: splitting it into
 * 8,640 fix strings and then 43,200 field arrays, and a Date per fix, cost more than the embedded query itself
 * (bench/results/latest-positions-day-embedded.md).
 */
export function unpackTrack(packed: string | null | undefined): TrackFix[] {
  if (!packed) return [];
  const fixes: TrackFix[] = [];
  const end = packed.length;
  let i = 0;
  const field = (separator: string) => {
    let j = packed.indexOf(separator, i);
    if (j < 0) j = end;
    const text = packed.slice(i, j);
    i = j + 1;
    return text;
  };
  while (i < end) {
    const at = Number(field(','));
    const source = field(',') as PositionSource;
    const lng = Number(field(','));
    const lat = Number(field(','));
    const speed = field(';');
    fixes.push({ at, source, lng, lat, speedMps: speed === '' ? null : Number(speed) });
  }
  return fixes;
}

export async function selectTrack(db: Kysely<Database>, unitId: number, from: Date, to: Date, limit: number): Promise<TrackFix[]> {
  return unpackTrack((await packedTrackQuery(unitId, from, to, limit).execute(db)).rows[0]?.fixes);
}

/** Every unit's last fix at or before `at`, no older than `lookbackS`. */
export function positionsAtQuery(at: Date, lookbackS: number) {
  return sql<StoredFix>`SELECT ${fixColumns} FROM units u CROSS JOIN LATERAL (
      SELECT * FROM unit_positions p
      WHERE p.unit_id = u.id AND p.recorded_at <= ${at.toISOString()}::timestamptz
        AND p.recorded_at > ${at.toISOString()}::timestamptz - make_interval(secs => ${lookbackS})
      ORDER BY p.recorded_at DESC LIMIT 1
    ) h ORDER BY h.unit_id`;
}

export async function selectPositionsAt(db: Kysely<Database>, at: Date, lookbackS: number): Promise<StoredFix[]> {
  return (await positionsAtQuery(at, lookbackS).execute(db)).rows;
}

export interface AreaVisit {
  unitId: number;
  firstAt: Date;
  lastAt: Date;
  fixes: number;
}

/** Units with a kept fix inside `area` (GeoJSON polygon) in [from, to): when they were first and last seen there. */
export function crossingQuery(area: unknown, from: Date, to: Date) {
  return sql<AreaVisit>`SELECT h.unit_id AS "unitId", min(h.recorded_at) AS "firstAt", max(h.recorded_at) AS "lastAt", count(*)::int AS fixes
    FROM unit_positions h
    WHERE h.recorded_at >= ${from.toISOString()}::timestamptz AND h.recorded_at < ${to.toISOString()}::timestamptz
      AND ST_Intersects(h.geom, ${stFromGeoJSON(area)})
    GROUP BY h.unit_id ORDER BY h.unit_id`;
}

export async function selectCrossing(db: Kysely<Database>, area: unknown, from: Date, to: Date): Promise<AreaVisit[]> {
  return (await crossingQuery(area, from, to).execute(db)).rows;
}

/** The plan PostgreSQL chooses for a read (EXPLAIN, text format), for tests and the bench report. */
export async function explainQuery(db: Kysely<Database>, query: RawBuilder<unknown>): Promise<string> {
  const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${query}`.execute(db);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}
