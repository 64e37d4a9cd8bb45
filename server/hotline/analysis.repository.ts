/**
 * The analysis queries. Aggregations (hotspots, sub-districts, categories, statistics, trends) read the day and
 * month rollups — a range is split into whole months and the days at either end, so three years cost ~36 month
 * slices instead of ~1,100 days of rows; drill-downs (places, ticket lists, a ticket) read the tickets through
 * the composite indexes of migration 0008. The *Raw and *Naive variants answer the same questions from the raw
 * tickets: the tests check the rollups against them, the benchmark measures the difference.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '@/db/schema';
import { stLngLat, stX, stY } from '@/db/st';
import { splitRange } from '@/domain/periods';

export interface TicketFilter {
  /** Inclusive Shanghai days, YYYY-MM-DD. */
  from: string;
  to: string;
  categories?: readonly string[];
  subDistricts?: readonly string[];
}

export type GroupKey = 'h3_r8' | 'sub_district_code' | 'category_code';

export interface Measures {
  tickets: number;
  overdue: number;
  responded: number;
  responseMinutesSum: number;
  closed: number;
  closeMinutesSum: number;
  rated: number;
  satisfactionSum: number;
  satisfied: number;
}
export type AggregateRow = Measures & Partial<Record<GroupKey, string>>;

const MEASURE_SQL = sql.raw(`sum(tickets) AS tickets, sum(overdue) AS overdue, sum(responded) AS responded,
  sum(response_minutes_sum) AS "responseMinutesSum", sum(closed) AS closed, sum(close_minutes_sum) AS "closeMinutesSum",
  sum(rated) AS rated, sum(satisfaction_sum) AS "satisfactionSum", sum(satisfied) AS satisfied`);
/** Inside the union: sums under the rollup's own column names, so the outer MEASURE_SQL can sum them again. */
const SLICE_MEASURE_SQL = sql.raw(`sum(tickets) AS tickets, sum(overdue) AS overdue, sum(responded) AS responded,
  sum(response_minutes_sum) AS response_minutes_sum, sum(closed) AS closed, sum(close_minutes_sum) AS close_minutes_sum,
  sum(rated) AS rated, sum(satisfaction_sum) AS satisfaction_sum, sum(satisfied) AS satisfied`);
const RAW_MEASURE_SQL = sql.raw(`count(*) AS tickets, count(*) FILTER (WHERE overdue) AS overdue, count(response_minutes) AS responded,
  coalesce(sum(response_minutes), 0) AS "responseMinutesSum", count(close_minutes) AS closed, coalesce(sum(close_minutes), 0) AS "closeMinutesSum",
  count(satisfaction) AS rated, coalesce(sum(satisfaction), 0) AS "satisfactionSum", count(*) FILTER (WHERE satisfaction >= 4) AS satisfied`);

function filterSql(filter: TicketFilter): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (filter.categories?.length) parts.push(sql`category_code = ANY(${[...filter.categories]}::text[])`);
  if (filter.subDistricts?.length) parts.push(sql`sub_district_code = ANY(${[...filter.subDistricts]}::text[])`);
  return parts.length ? sql`AND ${sql.join(parts, sql` AND `)}` : sql``;
}

const MEASURE_KEYS = [
  'tickets',
  'overdue',
  'responded',
  'responseMinutesSum',
  'closed',
  'closeMinutesSum',
  'rated',
  'satisfactionSum',
  'satisfied',
] as const;

/** Sums arrive as text (numeric) or numbers depending on the driver: always numbers out. */
function toNumbers<T extends Measures>(rows: T[]): T[] {
  for (const row of rows) for (const key of MEASURE_KEYS) row[key] = Number(row[key] ?? 0);
  return rows;
}

/** Counts grouped by `groupBy` over the filter, from the rollups. */
export async function aggregate(db: Kysely<Database>, filter: TicketFilter, groupBy: readonly GroupKey[]): Promise<AggregateRow[]> {
  const split = splitRange(filter.from, filter.to);
  const keys = sql.raw(groupBy.join(', '));
  const keysComma = groupBy.length ? sql`${keys},` : sql``;
  const slices: RawBuilder<unknown>[] = [];
  const extra = filterSql(filter);
  if (split.months) {
    slices.push(sql`SELECT ${keysComma} ${SLICE_MEASURE_SQL} FROM hotline_rollup_month
      WHERE month BETWEEN ${split.months[0]}::date AND ${split.months[1]}::date ${extra} ${groupBy.length ? sql`GROUP BY ${keys}` : sql``}`);
  }
  for (const [from, to] of split.days) {
    slices.push(sql`SELECT ${keysComma} ${SLICE_MEASURE_SQL} FROM hotline_rollup_day
      WHERE day BETWEEN ${from}::date AND ${to}::date ${extra} ${groupBy.length ? sql`GROUP BY ${keys}` : sql``}`);
  }
  if (slices.length === 0) return [];
  // Ordered by the group keys, so the same question always gives the same list (and equals aggregateRaw's).
  const { rows } = await sql<AggregateRow>`SELECT ${keysComma} ${MEASURE_SQL} FROM (${sql.join(slices, sql` UNION ALL `)}) AS slices
    ${groupBy.length ? sql`GROUP BY ${keys} ORDER BY ${keys}` : sql``}`.execute(db);
  return toNumbers(rows).filter((r) => r.tickets > 0);
}

/** The same answer from the raw tickets (grouped by their stored columns): what the rollups must equal. */
export async function aggregateRaw(db: Kysely<Database>, filter: TicketFilter, groupBy: readonly GroupKey[]): Promise<AggregateRow[]> {
  const keys = sql.raw(groupBy.join(', '));
  const { rows } = await sql<AggregateRow>`SELECT ${groupBy.length ? sql`${keys},` : sql``} ${RAW_MEASURE_SQL} FROM hotline_tickets
    WHERE day BETWEEN ${filter.from}::date AND ${filter.to}::date ${filterSql(filter)} ${groupBy.length ? sql`GROUP BY ${keys} ORDER BY ${keys}` : sql``}`.execute(
    db,
  );
  return toNumbers(rows).filter((r) => r.tickets > 0);
}

/**
 * The common way without precomputed cells or rollups: every matching ticket is read, its sub-district found by
 * point-in-polygon against the boundaries and its cell by snapping the point to a grid (≈ the area of an H3 r8
 * cell). The benchmark's "naive" side.
 */
export async function hotspotsNaive(db: Kysely<Database>, filter: TicketFilter): Promise<Array<{ cell: string; tickets: number }>> {
  const categories = filter.categories?.length ? sql`AND t.category_code = ANY(${[...filter.categories]}::text[])` : sql``;
  const subDistricts = filter.subDistricts?.length ? sql`AND s.code = ANY(${[...filter.subDistricts]}::text[])` : sql``;
  const { rows } = await sql<{ cell: string; tickets: number }>`
    SELECT ST_AsText(ST_SnapToGrid(t.geom, 0.009)) AS cell, count(*) AS tickets,
      count(*) FILTER (WHERE t.overdue) AS overdue, avg(t.response_minutes) AS response, avg(t.satisfaction) AS satisfaction
    FROM hotline_tickets t JOIN sub_districts s ON ST_Contains(s.geom, t.geom)
    WHERE t.received_at >= (${filter.from}::date::timestamp AT TIME ZONE 'Asia/Shanghai')
      AND t.received_at < ((${filter.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') ${categories} ${subDistricts}
    GROUP BY 1 ORDER BY 2 DESC`.execute(db);
  return rows.map((r) => ({ cell: r.cell, tickets: Number(r.tickets) }));
}

/** Tickets per day (or per month for long ranges) over the filter, from the day rollup. */
export async function trend(
  db: Kysely<Database>,
  filter: TicketFilter,
  by: 'day' | 'month',
): Promise<Array<{ period: string } & Measures>> {
  const table = by === 'day' ? sql`hotline_rollup_day` : sql`hotline_rollup_month`;
  const column = by === 'day' ? sql`day` : sql`month`;
  const from = by === 'day' ? filter.from : `${filter.from.slice(0, 7)}-01`;
  const { rows } = await sql<{ period: string } & Measures>`SELECT ${column}::text AS period, ${MEASURE_SQL} FROM ${table}
    WHERE ${column} BETWEEN ${from}::date AND ${filter.to}::date ${filterSql(filter)} GROUP BY 1 ORDER BY 1`.execute(db);
  return toNumbers(rows);
}

export interface PlaceRow {
  placeKey: string;
  address: string;
  subDistrictCode: string;
  tickets: number;
  overdue: number;
  lng: number;
  lat: number;
  firstDay: string;
  lastDay: string;
  topCategory: string;
}

/** Places (same address) with their ticket counts; bounded by the filter and optionally one H3 cell. */
export async function places(
  db: Kysely<Database>,
  filter: TicketFilter,
  options: { cell?: string; limit?: number } = {},
): Promise<PlaceRow[]> {
  const cell = options.cell ? sql`AND h3_r8 = ${options.cell}` : sql``;
  const { rows } = await sql<PlaceRow>`
    SELECT place_key AS "placeKey", min(address) AS address, min(sub_district_code) AS "subDistrictCode", count(*) AS tickets,
      count(*) FILTER (WHERE overdue) AS overdue, avg(${stX(sql.ref('geom'))}) AS lng, avg(${stY(sql.ref('geom'))}) AS lat,
      min(day)::text AS "firstDay", max(day)::text AS "lastDay", mode() WITHIN GROUP (ORDER BY category_code) AS "topCategory"
    FROM hotline_tickets
    WHERE day BETWEEN ${filter.from}::date AND ${filter.to}::date ${filterSql(filter)} ${cell}
    GROUP BY place_key ORDER BY count(*) DESC, place_key LIMIT ${options.limit ?? 50}`.execute(db);
  return rows.map((r) => ({ ...r, tickets: Number(r.tickets), overdue: Number(r.overdue), lng: Number(r.lng), lat: Number(r.lat) }));
}

export interface RepeatedPlace {
  placeKey: string;
  address: string;
  categoryCode: string;
  subDistrictCode: string;
  tickets: number;
  firstDay: string;
  lastDay: string;
  lng: number;
  lat: number;
}

/** Same place, same problem, at least `minTickets` times in the `days` days ending on filter.to. */
export async function repeatedPlaces(
  db: Kysely<Database>,
  filter: TicketFilter,
  minTickets: number,
  days: number,
): Promise<RepeatedPlace[]> {
  const { rows } = await sql<RepeatedPlace>`
    SELECT place_key AS "placeKey", min(address) AS address, category_code AS "categoryCode", min(sub_district_code) AS "subDistrictCode",
      count(*) AS tickets, min(day)::text AS "firstDay", max(day)::text AS "lastDay",
      avg(${stX(sql.ref('geom'))}) AS lng, avg(${stY(sql.ref('geom'))}) AS lat
    FROM hotline_tickets
    WHERE day BETWEEN (${filter.to}::date - ${days - 1}::int) AND ${filter.to}::date ${filterSql(filter)}
    GROUP BY place_key, category_code HAVING count(*) >= ${minTickets}
    ORDER BY count(*) DESC, place_key LIMIT 100`.execute(db);
  return rows.map((r) => ({ ...r, tickets: Number(r.tickets), lng: Number(r.lng), lat: Number(r.lat) }));
}

export interface ClusterRow {
  cluster: number;
  places: number;
  tickets: number;
  lng: number;
  lat: number;
  topAddress: string;
}

/**
 * Dense groups of busy places (PostGIS ST_ClusterDBSCAN): places with at least `minTickets` tickets in the
 * period, clustered when within `radiusMeters` of each other (at least 3 places). Clustering places rather than
 * tickets keeps it fast for any period. The radius is turned into degrees at Shanghai's latitude (≈ 96 km per
 * degree of longitude, 111 km of latitude: the smaller, so clusters are never wider than asked).
 */
export async function clusters(
  db: Kysely<Database>,
  filter: TicketFilter,
  radiusMeters: number,
  minTickets: number,
): Promise<ClusterRow[]> {
  const eps = radiusMeters / 111_000;
  const { rows } = await sql<ClusterRow>`
    WITH p AS (
      SELECT place_key, min(address) AS address, count(*) AS n, ST_Centroid(ST_Collect(geom)) AS g
      FROM hotline_tickets WHERE day BETWEEN ${filter.from}::date AND ${filter.to}::date ${filterSql(filter)}
      GROUP BY place_key HAVING count(*) >= ${minTickets}
    ), c AS (
      SELECT *, ST_ClusterDBSCAN(g, eps := ${eps}::float8, minpoints := 3) OVER () AS cluster FROM p
    )
    SELECT cluster, count(*) AS places, sum(n) AS tickets, ${stX(sql`ST_Centroid(ST_Collect(g))`)} AS lng, ${stY(sql`ST_Centroid(ST_Collect(g))`)} AS lat,
      (array_agg(address ORDER BY n DESC))[1] AS "topAddress"
    FROM c WHERE cluster IS NOT NULL GROUP BY cluster ORDER BY sum(n) DESC LIMIT 50`.execute(db);
  return rows.map((r) => ({
    ...r,
    cluster: Number(r.cluster),
    places: Number(r.places),
    tickets: Number(r.tickets),
    lng: Number(r.lng),
    lat: Number(r.lat),
  }));
}

export interface TicketListRow {
  id: number;
  code: string;
  receivedAt: Date;
  categoryCode: string;
  address: string;
  overdue: boolean;
  closedAt: Date | null;
  satisfaction: number | null;
}

/** Tickets at one place (or in one cell), newest first. */
export async function ticketList(
  db: Kysely<Database>,
  filter: TicketFilter,
  at: { placeKey?: string; cell?: string },
  limit = 200,
): Promise<TicketListRow[]> {
  let q = db
    .selectFrom('hotline_tickets')
    .select([
      'id',
      'code',
      'received_at as receivedAt',
      'category_code as categoryCode',
      'address',
      'overdue',
      'closed_at as closedAt',
      'satisfaction',
    ])
    .where(sql<boolean>`day BETWEEN ${filter.from}::date AND ${filter.to}::date`)
    .orderBy('received_at', 'desc')
    .limit(limit);
  if (at.placeKey) q = q.where('place_key', '=', at.placeKey);
  if (at.cell) q = q.where('h3_r8', '=', at.cell);
  if (filter.categories?.length) q = q.where('category_code', 'in', [...filter.categories]);
  if (filter.subDistricts?.length) q = q.where('sub_district_code', 'in', [...filter.subDistricts]);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Points of the period for the map and the playback: [lng, lat, minutes since filter.from, category index]. */
export async function ticketPoints(db: Kysely<Database>, filter: TicketFilter, limit: number) {
  const { rows } = await sql<{ lng: number; lat: number; t: number; category: string }>`
    SELECT ${stX(sql.ref('geom'))} AS lng, ${stY(sql.ref('geom'))} AS lat,
      floor(extract(epoch FROM received_at - (${filter.from}::date::timestamp AT TIME ZONE 'Asia/Shanghai')) / 60)::int AS t, category_code AS category
    FROM hotline_tickets WHERE day BETWEEN ${filter.from}::date AND ${filter.to}::date ${filterSql(filter)}
    ORDER BY received_at LIMIT ${limit}`.execute(db);
  return rows;
}

export async function ticketById(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('hotline_tickets as t')
    .innerJoin('order_categories as c', 'c.code', 't.category_code')
    .innerJoin('sub_districts as s', 's.code', 't.sub_district_code')
    .select((eb) => [
      't.id',
      't.code',
      't.received_at',
      't.due_at',
      't.responded_at',
      't.closed_at',
      't.response_minutes',
      't.close_minutes',
      't.overdue',
      't.satisfaction',
      't.address',
      't.place_key',
      't.description',
      't.category_code',
      't.sub_district_code',
      't.synthetic',
      't.import_batch',
      'c.name_zh as category_zh',
      'c.name_en as category_en',
      's.name as sub_district_zh',
      's.name_en as sub_district_en',
      ...stLngLat(eb.ref('t.geom')),
    ])
    .where('t.id', '=', String(id) as never)
    .executeTakeFirst();
}

/** The names the filters and tables show: categories (sorted as the catalogue sorts them) and sub-districts. */
export async function hotlineNames(db: Kysely<Database>) {
  const [categories, subDistricts] = await Promise.all([
    db.selectFrom('order_categories').select(['code', 'group_code', 'name_zh', 'name_en']).orderBy('sort').execute(),
    db.selectFrom('sub_districts').select(['code', 'name', 'name_en']).orderBy('code').execute(),
  ]);
  return { categories, subDistricts };
}

/** The first and last day with tickets, from the day rollup (null when there are none). */
export async function ticketDayRange(db: Kysely<Database>): Promise<{ first: unknown; last: unknown } | undefined> {
  return db
    .selectFrom('hotline_rollup_day')
    .select((eb) => [eb.fn.min('day').as('first'), eb.fn.max('day').as('last')])
    .executeTakeFirst();
}
