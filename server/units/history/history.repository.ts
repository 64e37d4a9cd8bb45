/**
 * All SQL of the one position history (unit_positions, partitioned by day): the group-commit insert and the three
 * reads the time slider and coverage work use. Each read names the index it relies on; bench/position-history.ts
 * and tests/integration/position-history.test.ts print and check their plans.
 *  - a unit's track: its packed closed days, one position_days row a day (primary key), and for the rest
 *    unit_positions_unit_time_idx (unit_id, recorded_at), pruned to the period's days;
 *  - every unit at a moment: one probe of the same index per unit (LATERAL … LIMIT 1), pruned to the lookback;
 *  - tracks crossing an area: unit_positions_geom_idx (GiST) in the period's partitions.
 */
import { type Kysely, type RawBuilder, type Transaction, sql } from 'kysely';
import type { Database, PositionSource } from '@/db/schema';
import { stFromGeoJSON } from '@/db/st';
import { shanghaiDay, shanghaiDayBounds } from '@/domain/shanghai-time';

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
 * One fix as packed text, "ms,source,lng,lat,speed" (an empty field for no value): the one format of a track read
 * (packedTrackQuery) and of a stored packed day (packDay), so both unpack alike and read the same.
 */
function packedFix(
  at: RawBuilder<unknown>,
  source: RawBuilder<unknown>,
  lng: RawBuilder<unknown>,
  lat: RawBuilder<unknown>,
  speed: RawBuilder<unknown>,
) {
  return sql`concat(floor(date_part('epoch', ${at}) * 1000)::int8, ',', ${source}, ',', ${lng}, ',', ${lat}, ',', ${speed})`;
}

/**
 * One unit's track as a single packed text built by the database (one row crosses the wire or the worker boundary
 * instead of thousands): fixes joined by ';'. Text joined by string_agg with the time from date_part (double
 * precision) costs about half of json_agg over json_build_array with extract (numeric): a week-scale day of 8,640
 * fixes at 10 s. The rows are trackQuery's, whose plan the bench shows. Used for the spans of a track without a
 * packed day (today, a late fix's unit and day); selectTrackPieces decides.
 */
export function packedTrackQuery(unitId: number, from: Date, to: Date, limit: number) {
  return sql<{
    fixes: string | null;
  }>`SELECT string_agg(${packedFix(sql`t.at`, sql`t.source`, sql`t.lng`, sql`t.lat`, sql`t."speedMps"`)}, ';' ORDER BY t.at) AS fixes
    FROM (${trackQuery(unitId, from, to, limit)}) t`;
}

/**
 * Packs a closed day: every unit's fixes in `table` (the day's partition) as one position_days row, and marks the day
 * packed. In the caller's transaction: the SHARE lock makes a concurrent late fix for the day wait until the packed
 * rows are committed, and its own transaction then deletes its unit's packed day (forgetPackedUnitDays), so a packed
 * day never misses a fix. Returns the units packed.
 */
export async function packDay(trx: Transaction<Database>, day: string, table: string): Promise<number> {
  await sql`LOCK TABLE ${sql.id(table)} IN SHARE MODE`.execute(trx);
  await sql`DELETE FROM position_days WHERE day = ${day}::date`.execute(trx);
  const inserted = await sql`INSERT INTO position_days (unit_id, day, fixes)
    SELECT p.unit_id, ${day}::date,
      string_agg(${packedFix(sql`p.recorded_at`, sql`p.source`, sql`ST_X(p.geom)`, sql`ST_Y(p.geom)`, sql`p.speed_mps`)}, ';' ORDER BY p.recorded_at)
    FROM ${sql.id(table)} p GROUP BY p.unit_id`.execute(trx);
  await sql`INSERT INTO position_packed_days (day) VALUES (${day}::date) ON CONFLICT DO NOTHING`.execute(trx);
  return Number(inserted.numAffectedRows ?? 0);
}

/** Deletes a day's packed rows and mark (its partition is dropped, or about to be re-packed). */
export async function forgetPackedDay(db: Kysely<Database>, day: string): Promise<void> {
  await sql`DELETE FROM position_days WHERE day = ${day}::date`.execute(db);
  await sql`DELETE FROM position_packed_days WHERE day = ${day}::date`.execute(db);
}

/**
 * Deletes the packed days that late fixes (`rows`, of days before today) make stale: their units' days are read from
 * the rows from then on. In the transaction that inserted the rows (see packDay).
 */
export async function forgetPackedUnitDays(trx: Transaction<Database>, rows: readonly HistoryRow[]): Promise<void> {
  const unitDays = new Map<string, { unitId: number; day: string }>();
  for (const r of rows) {
    const day = shanghaiDay(r.recordedAt);
    unitDays.set(`${r.unitId} ${day}`, { unitId: r.unitId, day });
  }
  const list = [...unitDays.values()];
  await sql`DELETE FROM position_days d
    USING unnest(${list.map((u) => u.unitId)}::int[], ${list.map((u) => u.day)}::date[]) AS v(unit_id, day)
    WHERE d.unit_id = v.unit_id AND d.day = v.day`.execute(trx);
}

/**
 * A part of one unit's track read: a stored packed day, or the rows of a span without one packed by the query.
 * `from`/`to` (epoch ms) is the part of the period it covers: a packed day is a whole day, so the period's ends may
 * cut it.
 */
export interface TrackPiece {
  fixes: string | null;
  from: number;
  to: number;
}

/**
 * The packed pieces of one unit's track in [from, to), oldest first: its packed days in the period (one row a day,
 * instead of ~8,640), and for the spans between and around them (today, a day not packed yet, a day a late fix
 * unpacked) the rows, packed by packedTrackQuery, at most `limit` each. The one read of a track: selectTrack.
 */
export async function selectTrackPieces(db: Kysely<Database>, unitId: number, from: Date, to: Date, limit: number): Promise<TrackPiece[]> {
  const end = to.getTime();
  const { rows: days } = await sql<{ day: string; fixes: string }>`SELECT to_char(day, 'YYYY-MM-DD') AS day, fixes FROM position_days
    WHERE unit_id = ${unitId} AND day BETWEEN ${shanghaiDay(from)}::date AND ${shanghaiDay(new Date(end - 1))}::date ORDER BY day`.execute(
    db,
  );
  const pieces: TrackPiece[] = [];
  const rowsPiece = async (spanFrom: number, spanTo: number): Promise<TrackPiece> => {
    const { rows } = await packedTrackQuery(unitId, new Date(spanFrom), new Date(spanTo), limit).execute(db);
    return { fixes: rows[0]?.fixes ?? null, from: spanFrom, to: spanTo };
  };
  let cursor = from.getTime();
  for (const { day, fixes } of days) {
    const bounds = shanghaiDayBounds(day);
    if (bounds.from.getTime() > cursor) pieces.push(await rowsPiece(cursor, bounds.from.getTime()));
    pieces.push({ fixes, from: Math.max(cursor, bounds.from.getTime()), to: Math.min(end, bounds.to.getTime()) });
    cursor = bounds.to.getTime();
  }
  if (cursor < end) pieces.push(await rowsPiece(cursor, end));
  return pieces;
}

/**
 * The fixes of packed text appended to `into`, in one pass with indexOf and no intermediate arrays: splitting it
 * into 8,640 fix strings and then 43,200 field arrays, and a Date per fix, cost more than the embedded query itself
 * (bench/results/latest-positions-day-embedded.md). Only fixes in [from, to), and no more than `limit` in `into`.
 */
export function unpackTrack(
  packed: string | null | undefined,
  into: TrackFix[] = [],
  { from = -Infinity, to = Infinity, limit = Infinity }: { from?: number; to?: number; limit?: number } = {},
): TrackFix[] {
  if (!packed) return into;
  const end = packed.length;
  let i = 0;
  const field = (separator: string) => {
    let j = packed.indexOf(separator, i);
    if (j < 0) j = end;
    const text = packed.slice(i, j);
    i = j + 1;
    return text;
  };
  while (i < end && into.length < limit) {
    const at = Number(field(','));
    if (at >= to) break;
    const source = field(',') as PositionSource;
    const lng = Number(field(','));
    const lat = Number(field(','));
    const speed = field(';');
    if (at >= from) into.push({ at, source, lng, lat, speedMps: speed === '' ? null : Number(speed) });
  }
  return into;
}

/** The fixes of a track's pieces, oldest first, at most `limit`. */
export function unpackTrackPieces(pieces: readonly TrackPiece[], limit: number): TrackFix[] {
  const fixes: TrackFix[] = [];
  for (const piece of pieces) unpackTrack(piece.fixes, fixes, { from: piece.from, to: piece.to, limit });
  return fixes;
}

/** One unit's kept fixes in [from, to), oldest first, at most `limit`: every track a replay or a report reads. */
export async function selectTrack(db: Kysely<Database>, unitId: number, from: Date, to: Date, limit: number): Promise<TrackFix[]> {
  return unpackTrackPieces(await selectTrackPieces(db, unitId, from, to, limit), limit);
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
