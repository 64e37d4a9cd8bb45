/**
 * All SQL of work orders themselves: the day counter behind their codes, intake (idempotent per source and
 * external reference), the version-checked update every change goes through, the queue, and the spatial facts
 * an order needs (its sub-district, neighbouring sub-districts, possible duplicates).
 */
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { subDistrictInScope } from '@/server/tenancy/district-sql';
import { containsPattern } from '@/db/like';
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database, DeadlineState, Geometry, NewOrder, OrderSource, OrderStatus, OrderUpdate } from '@/db/schema';
import { type LngLat, stBoxNearMeters, stDistanceMeters, stDWithinMeters, stLngLat, stPoint } from '@/db/st';

/** Columns of an order as the services use them (with the point as numbers, never EWKB). */
const ORDER_COLUMNS = [
  'id',
  'code',
  'source',
  'external_ref',
  'category_code',
  'priority',
  'status',
  'description',
  'address',
  'sub_district_code',
  'reporter_name',
  'reporter_phone',
  'review_reasons',
  'received_at',
  'clock_started_at',
  'respond_by',
  'resolve_by',
  'responded_at',
  'resolved_at',
  'closed_at',
  'deadline_state',
  'escalation_level',
  'created_by',
  'version',
  'updated_at',
  'satisfaction',
] as const;

export interface ActiveUnit {
  id: number;
  code: string;
  name: string;
}

/**
 * The units working on the order now (active assignments, first sent first): the queue shows them on each row. A
 * subquery on the active-assignment index, so every read of an order (and every version-checked update's
 * RETURNING) carries them.
 */
const activeUnits = () =>
  sql<ActiveUnit[]>`(SELECT coalesce(json_agg(json_build_object('id', u.id, 'code', u.code, 'name', u.name) ORDER BY a.id), '[]'::json)
    FROM order_assignments a JOIN units u ON u.id = a.unit_id WHERE a.order_id = orders.id AND a.status = 'active')`.as('units');

function selectOrders(db: Kysely<Database>) {
  return db
    .selectFrom('orders')
    .select(ORDER_COLUMNS)
    .select((eb) => [...stLngLat(eb.ref('geom')), activeUnits()]);
}

export type OrderRecord = Awaited<ReturnType<ReturnType<typeof selectOrders>['executeTakeFirstOrThrow']>>;

/**
 * The next running number of a Shanghai day. It runs in its own statement, outside the intake transaction, so
 * the counter row is locked only for an instant; a rolled-back intake leaves a gap, as a sequence would.
 */
export async function nextDayNumber(db: Kysely<Database>, day: string): Promise<number> {
  const row = await db
    .insertInto('order_day_counters')
    .values({ day, last_number: 1 })
    .onConflict((oc) => oc.column('day').doUpdateSet({ last_number: sql`order_day_counters.last_number + 1` }))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return row.last_number;
}

export type OrderInsert = Omit<NewOrder, 'geom'> & { location: LngLat | null };

/** Inserts an order; undefined when the source already sent this external reference (idempotent intake). */
export function insertOrder(db: Kysely<Database>, order: OrderInsert): Promise<OrderRecord | undefined> {
  const { location, ...values } = order;
  return db
    .insertInto('orders')
    .values({ ...values, geom: location ? stPoint(location) : null })
    .onConflict((oc) => oc.columns(['source', 'external_ref']).doNothing())
    .returning(ORDER_COLUMNS)
    .returning((eb) => [...stLngLat(eb.ref('geom')), activeUnits()])
    .executeTakeFirst();
}

export function findOrder(db: Kysely<Database>, id: number): Promise<OrderRecord | undefined> {
  return selectOrders(db).where('orders.id', '=', id).executeTakeFirst();
}

export function findOrderByCode(db: Kysely<Database>, code: string): Promise<OrderRecord | undefined> {
  return selectOrders(db).where('orders.code', '=', code).executeTakeFirst();
}

export function findOrderByExternalRef(db: Kysely<Database>, source: OrderSource, externalRef: string): Promise<OrderRecord | undefined> {
  return selectOrders(db).where('orders.source', '=', source).where('orders.external_ref', '=', externalRef).executeTakeFirst();
}

export type OrderPatch = Omit<OrderUpdate, 'id' | 'version' | 'geom' | 'code'> & { location?: LngLat | null };

/**
 * Optimistic concurrency: applies the patch only if the order still has `expectedVersion`, bumping it, and
 * returns the order as it now is. Undefined when someone else changed the order first (0 rows). On PostgreSQL
 * a concurrent writer waits for the row lock and then re-checks the version, so exactly one of two racing
 * writers wins.
 */
export function updateOrderIfVersion(
  db: Kysely<Database>,
  id: number,
  expectedVersion: number,
  patch: OrderPatch,
): Promise<OrderRecord | undefined> {
  const { location, ...values } = patch;
  return db
    .updateTable('orders')
    .set({ ...values, ...(location !== undefined ? { geom: location ? stPoint(location) : null } : {}), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning(ORDER_COLUMNS)
    .returning((eb) => [...stLngLat(eb.ref('geom')), activeUnits()])
    .executeTakeFirst();
}

export interface OrderQueueFilter {
  statuses?: OrderStatus[];
  deadlineStates?: DeadlineState[];
  subDistrictCode?: string;
  categoryCode?: string;
  source?: OrderSource;
  /** Matches the code, address or description. */
  text?: string;
  /** Only orders with an active assignment of this unit (a field unit's own tasks). */
  unitId?: number;
  /** Only orders a unit whose code or name contains this works on now (the dispatcher's queue search). */
  unitText?: string;
  /** Only orders received at or after this instant. */
  receivedFrom?: Date;
  limit: number;
  /** Continue after this order id (the queue is newest first). */
  beforeId?: number;
  /** Only the orders of this district (absent: every district's). */
  scope?: DistrictScope;
}

export function listOrders(db: Kysely<Database>, filter: OrderQueueFilter): Promise<OrderRecord[]> {
  let q = selectOrders(db).orderBy('orders.id', 'desc').limit(filter.limit);
  if (filter.statuses?.length) q = q.where('orders.status', 'in', filter.statuses);
  if (filter.deadlineStates?.length) q = q.where('orders.deadline_state', 'in', filter.deadlineStates);
  if (filter.subDistrictCode) q = q.where('orders.sub_district_code', '=', filter.subDistrictCode);
  if (filter.scope) q = q.where(subDistrictInScope('orders.sub_district_code', filter.scope));
  if (filter.categoryCode) q = q.where('orders.category_code', '=', filter.categoryCode);
  if (filter.source) q = q.where('orders.source', '=', filter.source);
  if (filter.beforeId) q = q.where('orders.id', '<', filter.beforeId);
  if (filter.receivedFrom) q = q.where('orders.received_at', '>=', filter.receivedFrom);
  if (filter.unitText) {
    const like = containsPattern(filter.unitText);
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('order_assignments as a')
          .innerJoin('units as u', 'u.id', 'a.unit_id')
          .select('a.id')
          .whereRef('a.order_id', '=', 'orders.id')
          .where('a.status', '=', 'active')
          .where((w) => w.or([w('u.code', 'ilike', like), w('u.name', 'ilike', like)])),
      ),
    );
  }
  if (filter.text) {
    const like = containsPattern(filter.text);
    q = q.where((eb) =>
      eb.or([eb('orders.code', 'ilike', like), eb('orders.address', 'ilike', like), eb('orders.description', 'ilike', like)]),
    );
  }
  if (filter.unitId) {
    const unitId = filter.unitId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('order_assignments as a')
          .select('a.id')
          .whereRef('a.order_id', '=', 'orders.id')
          .where('a.unit_id', '=', unitId)
          .where('a.status', '=', 'active'),
      ),
    );
  }
  return q.execute();
}

/**
 * The orders that may have been open at `at` (the replay): received by then and not closed before it. Their state at
 * `at` comes from their ledger (orderStepsUpTo); a closed order that was reopened keeps no earlier closed_at.
 */
export function listOrdersOpenAround(db: Kysely<Database>, at: Date, limit: number): Promise<OrderRecord[]> {
  return selectOrders(db)
    .where('orders.received_at', '<=', at)
    .where((eb) => eb.or([eb('orders.closed_at', 'is', null), eb('orders.closed_at', '>', at)]))
    .orderBy('orders.id', 'desc')
    .limit(limit)
    .execute();
}

/** The ledger steps of these orders up to `at` (state each went to), for their state at that moment. */
export function orderStepsUpTo(db: Kysely<Database>, orderIds: readonly number[], at: Date) {
  if (orderIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('order_events')
    .select(['id', 'order_id', 'at', 'to_status'])
    .where('order_id', 'in', orderIds)
    .where('at', '<=', at)
    .execute();
}

/** Orders whose clocks run, for the deadline watch. */
export function listClockedOrders(db: Kysely<Database>, statuses: readonly OrderStatus[]): Promise<OrderRecord[]> {
  return selectOrders(db)
    .where('orders.status', 'in', [...statuses])
    .orderBy('orders.id')
    .execute();
}

/** Orders the automatic check has not picked up (still `received`) since before `before`. */
export function listUncheckedOrderIds(db: Kysely<Database>, before: Date, limit: number) {
  return db
    .selectFrom('orders')
    .select('id')
    .where('status', '=', 'received')
    .where('received_at', '<', before)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The sub-district covering a point (its boundary included), or undefined outside the district. */
export async function subDistrictAt(db: Kysely<Database>, at: LngLat): Promise<string | undefined> {
  const row = await db
    .selectFrom('sub_districts')
    .select('code')
    .where(sql<SqlBool>`ST_Covers(geom, ${stPoint(at)})`)
    .orderBy('code')
    .limit(1)
    .executeTakeFirst();
  return row?.code;
}

/** Other sub-districts within `meters` of a point, nearest first: the point lies on their border. */
export function neighbouringSubDistricts(db: Kysely<Database>, at: LngLat, ownCode: string, meters: number) {
  const point: Expression<Geometry> = stPoint(at);
  return db
    .selectFrom('sub_districts')
    .select((eb) => ['code', 'name', stDistanceMeters(eb.ref('geom'), point).as('distance_m')])
    .where('code', '<>', ownCode)
    .where((eb) => stDWithinMeters(eb.ref('geom'), point, meters))
    .orderBy('distance_m')
    .execute();
}

/** Open orders of the same category near a point since `since`: the new one may be a duplicate. */
export function findNearbyOpenOrders(
  db: Kysely<Database>,
  query: { at: LngLat; categoryCode: string; meters: number; since: Date; excludeId: number; openStatuses: readonly OrderStatus[] },
) {
  const point: Expression<Geometry> = stPoint(query.at);
  return db
    .selectFrom('orders')
    .select((eb) => ['id', 'code', stDistanceMeters(eb.ref('geom'), point).as('distance_m')])
    .where('category_code', '=', query.categoryCode)
    .where('id', '<>', query.excludeId)
    .where('status', 'in', [...query.openStatuses])
    .where('received_at', '>=', query.since)
    .where((eb) => stBoxNearMeters(eb.ref('geom'), query.at, query.meters))
    .where((eb) => stDWithinMeters(eb.ref('geom'), point, query.meters))
    .orderBy('distance_m')
    .limit(3)
    .execute();
}

export async function subDistrictExists(db: Kysely<Database>, code: string): Promise<boolean> {
  return (await db.selectFrom('sub_districts').select('code').where('code', '=', code).executeTakeFirst()) !== undefined;
}

/**
 * Orders of some categories closed in [from, to), with how many photos back them: the verified work the service
 * settlement (issue 17) counts instead of a supplier's claim.
 */
export async function closedOrdersIn(
  db: Kysely<Database>,
  filter: { categories: readonly string[]; from: Date; to: Date; scope: DistrictScope },
) {
  if (filter.categories.length === 0) return [];
  return db
    .selectFrom('orders as o')
    .select([
      'o.code',
      'o.category_code',
      'o.closed_at',
      (eb) =>
        eb
          .selectFrom('order_attachments as a')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('a.order_id', '=', 'o.id')
          .where('a.media_type', 'like', 'image/%')
          .as('photos'),
    ])
    .where('o.status', '=', 'closed')
    .where('o.category_code', 'in', filter.categories)
    .where('o.closed_at', '>=', filter.from)
    .where('o.closed_at', '<', filter.to)
    .where(subDistrictInScope('o.sub_district_code', filter.scope))
    .orderBy('o.closed_at')
    .execute();
}
