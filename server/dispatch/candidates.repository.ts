/**
 * All SQL of finding units to send. The shortlist is a PostGIS KNN scan — `ORDER BY geom <-> point LIMIT k` —
 * per needed kind, each on that kind's partial GiST index of on-shift units (units_geom_<kind>_idx, migration
 * 0003), so it reads about k index entries however many units there are; the kinds' shortlists are merged by
 * the same distance. `<->` on geometry(4326) orders by planar degrees, which at 31° N stretches east–west
 * distances by 1/cos 31° ≈ 1.17; the shortlist is therefore several times longer than the list shown, and the
 * final order uses spheroid metres (geography) and the travel model in travel.ts. The query runs as a prepared
 * statement (db/prepared.ts): the partial index's predicate (on shift, the kind) and the shortlist length are written
 * into its text, so the plan made once
 * still picks each kind's partial index and is costed for k rows.
 */
import { type Expression, type Kysely, sql } from 'kysely';
import type { Database, Geometry, OrderStatus, UnitKind } from '@/db/schema';
import { executePrepared } from '@/db/prepared';
import { type LngLat, stDistanceMeters, stLngLat, stPoint } from '@/db/st';
import { UNIT_KINDS } from './rules';

/** Orders in these states keep their units busy. */
const BUSY_STATUSES: readonly OrderStatus[] = ['dispatched', 'accepted', 'in_progress'];

export interface NearestQuery {
  at: LngLat;
  kinds: readonly UnitKind[];
  /** Only units of these sub-district teams; undefined = any team. */
  teams?: readonly string[];
  /** Shortlist length. */
  k: number;
}

/**
 * How many busy orders a unit is on. The states are in the text, not bound: bound, a prepared statement's plan
 * could not use the partial index of active assignments.
 */
function activeLoad(db: Kysely<Database>, unitId: Expression<number>) {
  return db
    .selectFrom('order_assignments as a')
    .innerJoin('orders as o', 'o.id', 'a.order_id')
    .select((sub) => sub.fn.countAll<number>().as('n'))
    .where('a.unit_id', '=', unitId)
    .where('a.status', '=', sql.lit('active'))
    .where(
      'o.status',
      'in',
      BUSY_STATUSES.map((status) => sql.lit(status)),
    );
}

/** On-shift units with a position, of the given kinds, nearest first by the index; with metres and load. */
export async function findNearestUnits(db: Kysely<Database>, query: NearestQuery) {
  return executePrepared(db, nearestUnitsQuery(db, query));
}

/** One kind's k nearest on-shift units: matches that kind's partial index (the kind is in the text, checked first). */
function nearestOfKind(db: Kysely<Database>, kind: UnitKind, point: Expression<Geometry>, query: NearestQuery) {
  let q = db
    .selectFrom('units')
    .select(['id', 'code', 'name', 'kind', 'sub_district_code', 'last_seen_at', 'geom'])
    .where('on_shift', '=', sql.lit(true))
    .where('kind', '=', sql.lit(knownKind(kind)))
    .where('geom', 'is not', null)
    .orderBy(sql`geom <-> ${point}`)
    .limit(shortlistLength(query.k));
  if (query.teams?.length) q = q.where('sub_district_code', 'in', [...query.teams]);
  return q;
}

function knownKind(kind: UnitKind): UnitKind {
  if (!UNIT_KINDS.includes(kind)) throw new Error(`nearestUnitsQuery: unknown unit kind ${JSON.stringify(kind)}`);
  return kind;
}

/** In the text too: a bound LIMIT is planned as "10 % of the table", and that plan would never be reused. */
function shortlistLength(k: number) {
  if (!Number.isSafeInteger(k) || k < 1) throw new Error(`nearestUnitsQuery: shortlist length ${k}`);
  return sql.lit(k);
}

/** Several kinds: each kind's k nearest from its own index, merged by the same distance. */
function mergedShortlist(db: Kysely<Database>, kinds: readonly UnitKind[], point: Expression<Geometry>, query: NearestQuery) {
  const [first, ...rest] = kinds.map((kind, i) => db.selectFrom(nearestOfKind(db, kind, point, query).as(`k${i}`)).selectAll());
  const merged = rest.reduce((union, next) => union.unionAll(next), first);
  return db
    .selectFrom(merged.as('m'))
    .selectAll()
    .orderBy(sql`m.geom <-> ${point}`)
    .limit(shortlistLength(query.k));
}

/** The query behind findNearestUnits, unexecuted: the benchmark EXPLAINs it to show the indexes at work. */
export function nearestUnitsQuery(db: Kysely<Database>, query: NearestQuery) {
  if (!query.kinds.length) throw new Error('nearestUnitsQuery: at least one unit kind');
  const point: Expression<Geometry> = stPoint(query.at);
  const kinds = [...new Set(query.kinds)];
  // One kind's scan is the shortlist itself: no union and re-sort for the planner to plan.
  const shortlist = kinds.length === 1 ? nearestOfKind(db, kinds[0], point, query) : mergedShortlist(db, kinds, point, query);

  return db
    .selectFrom(shortlist.as('s'))
    .select((eb) => [
      's.id',
      's.code',
      's.name',
      's.kind',
      's.sub_district_code',
      's.last_seen_at',
      ...stLngLat(eb.ref('s.geom')),
      stDistanceMeters(eb.ref('s.geom'), point).as('distance_m'),
      activeLoad(db, eb.ref('s.id')).as('load'),
    ]);
}

export type NearestUnitRow = Awaited<ReturnType<typeof findNearestUnits>>[number];

/**
 * The same question answered without the index (every unit's distance computed, then sorted): only for the
 * benchmark's side-by-side comparison.
 */
export function findNearestUnitsWithoutIndex(db: Kysely<Database>, query: NearestQuery) {
  const point: Expression<Geometry> = stPoint(query.at);
  return db
    .selectFrom('units')
    .select((eb) => ['id', 'code', 'kind', stDistanceMeters(eb.ref('geom'), point).as('distance_m')])
    .where('on_shift', '=', sql.lit(true))
    .where('geom', 'is not', null)
    .where('kind', 'in', [...query.kinds])
    .orderBy('distance_m')
    .limit(query.k)
    .execute();
}

/** The given units with their distance to a point (null without one) and load: what an assignment records. */
export function findUnitsForAssignment(db: Kysely<Database>, unitIds: readonly number[], at: LngLat | null) {
  return db
    .selectFrom('units as u')
    .select((eb) => [
      'u.id',
      'u.code',
      'u.name',
      'u.kind',
      'u.on_shift',
      'u.sub_district_code',
      sql<boolean>`u.geom IS NOT NULL`.as('has_position'),
      (at ? stDistanceMeters(eb.ref('u.geom'), stPoint(at)) : sql<number | null>`NULL::float8`).as('distance_m'),
      activeLoad(db, eb.ref('u.id')).as('load'),
    ])
    .where('u.id', 'in', [...unitIds])
    .execute();
}
