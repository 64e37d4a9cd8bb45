/**
 * All SQL of alarms: the merge of a fault into the open alarm of its object and type (INSERT … ON CONFLICT on the
 * partial unique index, so concurrent repeats never make two rows), reopening a recently recovered one
 * (flapping), state changes guarded by the expected state, the ledger, and the reads the screens need.
 */
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import { subDistrictInScope } from '@/server/tenancy/district-sql';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AlarmEventKind, AlarmRow, AlarmStatus, Database } from '@/db/schema';
import { stDWithinMeters, stLngLat } from '@/db/st';
import { containsPattern } from '@/db/like';

type Db = Kysely<Database> | Transaction<Database>;

export const OPEN_STATUSES: readonly AlarmStatus[] = ['active', 'acknowledged'];

export interface FaultRow {
  type: string;
  level: number;
  objectKind: string;
  objectCode: string;
  facilityId: number | null;
  location: readonly [number, number] | null;
  value: number | null;
  threshold: number | null;
  at: Date;
}

/** Several repeats of one fault in a batch, merged before they reach the database. */
export interface FaultGroup extends FaultRow {
  count: number;
  firstAt: Date;
  /** When the first of the repeats came (the 'raised' ledger row's time); firstAt when not given. */
  eventAt?: Date;
}

/** An upserted alarm with its point (for the live view without a second read) and whether it was inserted. */
export type UpsertedAlarm = AlarmRow & { inserted: boolean; lng: number | null; lat: number | null };

/**
 * Merges each fault into its open alarm or inserts one, and writes the 'raised' ledger row of each inserted
 * alarm — all in one statement (one round trip per batch); the keys must be distinct. With `skipRecoveredSince`,
 * keys whose alarm recovered by itself since then are left alone and returned in `recovered` (they may reopen,
 * which the caller applies reading by reading).
 */
export async function upsertFaults(
  db: Db,
  faults: readonly FaultGroup[],
  ledger: { actorName: string; skipRecoveredSince: Date | null },
): Promise<{ rows: UpsertedAlarm[]; recovered: string[] }> {
  if (faults.length === 0) return { rows: [], recovered: [] };
  const col = <T>(pick: (f: FaultGroup) => T) => faults.map(pick);
  const since = ledger.skipRecoveredSince?.toISOString() ?? null;
  const { rows } = await sql<UpsertedAlarm & { t_kind: string; t_code: string; t_type: string; skipped: boolean }>`
    WITH t AS (
      SELECT * FROM unnest(${col((f) => f.type)}::text[], ${col((f) => f.level)}::int[], ${col((f) => f.objectKind)}::text[], ${col((f) => f.objectCode)}::text[],
                ${col((f) => f.facilityId)}::int[], ${col((f) => f.location?.[0] ?? null)}::float8[], ${col((f) => f.location?.[1] ?? null)}::float8[],
                ${col((f) => f.value)}::float8[], ${col((f) => f.threshold)}::float8[], ${col((f) => f.firstAt.toISOString())}::timestamptz[],
                ${col((f) => f.at.toISOString())}::timestamptz[], ${col((f) => f.count)}::int[], ${col((f) => (f.eventAt ?? f.firstAt).toISOString())}::timestamptz[])
        AS t(type, level, kind, code, facility_id, lng, lat, value, threshold, first_at, last_at, n, event_at)
    ), rec AS (
      SELECT DISTINCT t.kind, t.code, t.type FROM t
      JOIN alarms c ON c.object_kind = t.kind AND c.object_code = t.code AND c.type = t.type
      WHERE ${since}::timestamptz IS NOT NULL AND c.status = 'cleared' AND c.clear_kind = 'recovered' AND c.cleared_at >= ${since}::timestamptz
    ), up AS (
      INSERT INTO alarms (type, level, object_kind, object_code, facility_id, geom, status, value, threshold, first_seen_at, last_seen_at, count)
      SELECT t.type, t.level, t.kind, t.code, t.facility_id,
             CASE WHEN t.lng IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(t.lng, t.lat), 4326) END,
             'active', t.value, t.threshold, t.first_at, t.last_at, t.n
      FROM t WHERE NOT EXISTS (SELECT 1 FROM rec WHERE rec.kind = t.kind AND rec.code = t.code AND rec.type = t.type)
      ON CONFLICT (object_kind, object_code, type) WHERE status IN ('active', 'acknowledged') DO UPDATE SET
        count = alarms.count + EXCLUDED.count,
        last_seen_at = GREATEST(alarms.last_seen_at, EXCLUDED.last_seen_at),
        first_seen_at = LEAST(alarms.first_seen_at, EXCLUDED.first_seen_at),
        value = COALESCE(EXCLUDED.value, alarms.value),
        threshold = COALESCE(EXCLUDED.threshold, alarms.threshold),
        level = LEAST(alarms.level, EXCLUDED.level),
        seq = nextval('alarm_seq'),
        version = alarms.version + 1
      RETURNING *, (xmax = 0) AS inserted
    ), ev AS (
      INSERT INTO alarm_events (alarm_id, at, kind, actor_user_id, actor_name, detail)
      SELECT up.id, t.event_at, 'raised', NULL, ${ledger.actorName},
             jsonb_build_object('value', up.value, 'threshold', up.threshold, 'level', up.level, 'repeats', up.count)
      FROM up JOIN t ON t.kind = up.object_kind AND t.code = up.object_code AND t.type = up.type
      WHERE up.inserted
    )
    SELECT t.kind AS t_kind, t.code AS t_code, t.type AS t_type, (up.id IS NULL) AS skipped, up.*, ST_X(up.geom) AS lng, ST_Y(up.geom) AS lat
    FROM t LEFT JOIN up ON up.object_kind = t.kind AND up.object_code = t.code AND up.type = t.type`.execute(db);
  const recovered: string[] = [];
  const upserted: UpsertedAlarm[] = [];
  for (const { t_kind, t_code, t_type, skipped, ...row } of rows) {
    if (skipped) recovered.push(alarmKey({ objectKind: t_kind, objectCode: t_code, type: t_type }));
    else upserted.push({ ...row, lng: row.lng === null ? null : Number(row.lng), lat: row.lat === null ? null : Number(row.lat) });
  }
  return { rows: upserted, recovered };
}

/**
 * Reopens the alarm of this object and type that recovered by itself after `since` (flapping), unless another
 * alarm of the same key is open; undefined when there is none.
 */
export async function reopenRecovered(db: Db, f: FaultRow, since: Date): Promise<AlarmRow | undefined> {
  const { rows } = await sql<AlarmRow>`
    UPDATE alarms SET status = 'active', count = count + 1, flaps = flaps + 1, last_seen_at = ${f.at},
      value = COALESCE(${f.value}, value), level = LEAST(level, ${f.level}), cleared_at = NULL, clear_kind = NULL,
      seq = nextval('alarm_seq'), version = version + 1
    WHERE id = (SELECT id FROM alarms WHERE object_kind = ${f.objectKind} AND object_code = ${f.objectCode} AND type = ${f.type}
                  AND status = 'cleared' AND clear_kind = 'recovered' AND cleared_at >= ${since}
                ORDER BY cleared_at DESC LIMIT 1)
      AND status = 'cleared'
      AND NOT EXISTS (SELECT 1 FROM alarms o WHERE o.object_kind = ${f.objectKind} AND o.object_code = ${f.objectCode}
                        AND o.type = ${f.type} AND o.status IN ('active', 'acknowledged'))
    RETURNING *`.execute(db);
  return rows[0];
}

/** Keys (kind|code|type) among these that recovered by themselves since `since`: only they may reopen. */
export async function recentlyRecoveredKeys(
  db: Db,
  keys: ReadonlyArray<{ objectKind: string; objectCode: string; type: string }>,
  since: Date,
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('alarms')
    .select(['object_kind', 'object_code', 'type'])
    .where('status', '=', 'cleared')
    .where('clear_kind', '=', 'recovered')
    .where('cleared_at', '>=', since)
    .where('object_code', 'in', [...new Set(keys.map((k) => k.objectCode))])
    .execute();
  return new Set(rows.map((r) => alarmKey({ objectKind: r.object_kind, objectCode: r.object_code, type: r.type })));
}

export function alarmKey(k: { objectKind: string; objectCode: string; type: string }): string {
  return `${k.objectKind}|${k.objectCode}|${k.type}`;
}

/** Clears the open alarm of this key because its reading recovered. */
export async function clearRecovered(
  db: Db,
  key: { objectKind: string; objectCode: string; type: string },
  at: Date,
  value: number | null,
): Promise<AlarmRow | undefined> {
  return db
    .updateTable('alarms')
    .set({
      status: 'cleared',
      cleared_at: at,
      clear_kind: 'recovered',
      value: sql<number | null>`COALESCE(${value}::double precision, value)`,
      last_seen_at: sql<Date>`GREATEST(last_seen_at, ${at})`,
      seq: sql`nextval('alarm_seq')` as never,
      version: sql<number>`version + 1`,
    })
    .where('object_kind', '=', key.objectKind)
    .where('object_code', '=', key.objectCode)
    .where('type', '=', key.type)
    .where('status', 'in', OPEN_STATUSES)
    .returningAll()
    .executeTakeFirst();
}

/** Updates one alarm if it is in one of `from` (and at `expectedVersion` when given); undefined otherwise. */
export async function updateAlarmIf(
  db: Db,
  id: number,
  from: readonly AlarmStatus[],
  expectedVersion: number | undefined,
  patch: Partial<Omit<AlarmRow, 'id' | 'seq' | 'version'>>,
  options: { onlyUnlinked?: boolean } = {},
): Promise<AlarmRow | undefined> {
  let q = db
    .updateTable('alarms')
    .set({ ...patch, seq: sql`nextval('alarm_seq')` as never, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('status', 'in', from);
  if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion);
  if (options.onlyUnlinked) q = q.where('order_id', 'is', null);
  return q.returningAll().executeTakeFirst();
}

export function findAlarm(db: Db, id: number): Promise<AlarmRow | undefined> {
  return db.selectFrom('alarms').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function appendAlarmEvent(
  db: Db,
  e: {
    alarmId: number;
    at: Date;
    kind: AlarmEventKind;
    actorUserId: number | null;
    actorName: string;
    note?: string | null;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  await db
    .insertInto('alarm_events')
    .values({
      alarm_id: e.alarmId,
      at: e.at,
      kind: e.kind,
      actor_user_id: e.actorUserId,
      actor_name: e.actorName,
      note: e.note ?? null,
      detail: JSON.stringify(e.detail ?? {}),
    })
    .execute();
}

export async function appendAlarmEvents(db: Db, events: ReadonlyArray<Parameters<typeof appendAlarmEvent>[1]>): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('alarm_events')
    .values(
      events.map((e) => ({
        alarm_id: e.alarmId,
        at: e.at,
        kind: e.kind,
        actor_user_id: e.actorUserId,
        actor_name: e.actorName,
        note: e.note ?? null,
        detail: JSON.stringify(e.detail ?? {}),
      })),
    )
    .execute();
}

export function listAlarmEvents(db: Db, alarmId: number) {
  return db
    .selectFrom('alarm_events')
    .select(['id', 'at', 'kind', 'actor_name', 'note', 'detail'])
    .where('alarm_id', '=', alarmId)
    .orderBy('id')
    .execute();
}

/**
 * The columns of an alarm's view: the alarm, its object's name and place, its order's code. The object is a
 * mapped facility, or a machine of the disposal center's equipment archive (named by its code there).
 */
function viewQuery(db: Db) {
  return db
    .selectFrom('alarms as a')
    .leftJoin('facilities as f', 'f.id', 'a.facility_id')
    .leftJoin('cockpit_equipment as e', (join) => join.onRef('e.code', '=', 'a.object_code').on('a.facility_id', 'is', null))
    .leftJoin('orders as o', 'o.id', 'a.order_id')
    .selectAll('a')
    .select([
      (eb) => eb.fn.coalesce('f.name', 'e.name').as('object_name'),
      'o.code as order_code',
      'o.status as order_status',
      'o.source as order_source',
      ...stLngLat(sql.ref('a.geom')),
    ]);
}
export type AlarmViewRow = Awaited<ReturnType<ReturnType<typeof viewQuery>['execute']>>[number];

export function alarmViewRows(db: Db, ids: readonly number[], scope: DistrictScope = CITY_SCOPE): Promise<AlarmViewRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return viewQuery(db).where('a.id', 'in', ids).where(alarmInScope(scope)).execute();
}

export function openAlarmViewRows(db: Db, limit: number, scope: DistrictScope = CITY_SCOPE): Promise<AlarmViewRow[]> {
  return viewQuery(db)
    .where('a.status', 'in', OPEN_STATUSES)
    .where(alarmInScope(scope))
    .orderBy('a.level')
    .orderBy('a.last_seen_at', 'desc')
    .limit(limit)
    .execute();
}

/** An alarm is its facility's district's (one without a mapped facility, the disposal center's machines, a one-district install's). */
function alarmInScope(scope: DistrictScope) {
  return subDistrictInScope('f.sub_district_code', scope);
}

/**
 * The alarms that may have been open at `at` (the replay): first seen by then and not closed before it; their
 * status then comes from their ledger (alarmStepsUpTo).
 */
export function alarmViewRowsAround(db: Db, at: Date, limit: number): Promise<AlarmViewRow[]> {
  return viewQuery(db)
    .where('a.first_seen_at', '<=', at)
    .where((eb) => eb.or([eb('a.closed_at', 'is', null), eb('a.closed_at', '>', at)]))
    .orderBy('a.level')
    .orderBy('a.first_seen_at', 'desc')
    .limit(limit)
    .execute();
}

export function alarmStepsUpTo(db: Db, alarmIds: readonly number[], at: Date) {
  if (alarmIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('alarm_events')
    .select(['id', 'alarm_id', 'at', 'kind'])
    .where('alarm_id', 'in', alarmIds)
    .where('at', '<=', at)
    .execute();
}

/** What the alarm history is searched by: first seen in [from, to), text in the object's code or name, type, object kind. */
export interface AlarmHistoryFilter {
  from: Date;
  to: Date;
  text?: string;
  type?: string;
  objectKind?: string;
  /** Only this district's (absent: every district's). */
  scope?: DistrictScope;
}

function historyQuery(db: Db, filter: AlarmHistoryFilter) {
  let q = viewQuery(db)
    .where('a.first_seen_at', '>=', filter.from)
    .where('a.first_seen_at', '<', filter.to)
    .where(alarmInScope(filter.scope ?? CITY_SCOPE));
  if (filter.type) q = q.where('a.type', '=', filter.type);
  if (filter.objectKind) q = q.where('a.object_kind', '=', filter.objectKind);
  if (filter.text) {
    const like = containsPattern(filter.text);
    q = q.where((eb) => eb.or([eb('a.object_code', 'ilike', like), eb('f.name', 'ilike', like), eb('e.name', 'ilike', like)]));
  }
  return q;
}

/** Past and present alarms matching the filter, newest first. */
export function searchAlarmViewRows(db: Db, filter: AlarmHistoryFilter, limit: number): Promise<AlarmViewRow[]> {
  return historyQuery(db, filter).orderBy('a.first_seen_at', 'desc').orderBy('a.id', 'desc').limit(limit).execute();
}

/** How many alarms matching the filter were first seen on each Shanghai day, by type. */
export async function alarmTrendRows(db: Db, filter: AlarmHistoryFilter): Promise<Array<{ day: string; type: string; count: number }>> {
  const rows = await historyQuery(db, filter)
    .clearSelect()
    .select([
      sql<string>`to_char(a.first_seen_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`.as('day'),
      'a.type',
      sql<number>`count(*)::int`.as('count'),
    ])
    .groupBy([sql`1`, 'a.type'])
    .orderBy(sql`1`)
    .execute();
  return rows.map((r) => ({ day: r.day, type: r.type, count: Number(r.count) }));
}

/** Open (active or acknowledged) alarms, and how many of them are of the most severe level. */
export async function countOpenAlarms(db: Db, scope: DistrictScope = CITY_SCOPE): Promise<{ open: number; critical: number }> {
  return db
    .selectFrom('alarms as a')
    .leftJoin('facilities as f', 'f.id', 'a.facility_id')
    .select([sql<number>`count(*)::int`.as('open'), sql<number>`count(*) filter (where a.level = 1)::int`.as('critical')])
    .where('a.status', 'in', OPEN_STATUSES)
    .where(alarmInScope(scope))
    .executeTakeFirstOrThrow();
}

/** Every alarm changed after `seq` (any status), oldest change first: what a reconnecting screen missed. */
export function alarmViewRowsSince(db: Db, seq: number, limit: number, scope: DistrictScope = CITY_SCOPE): Promise<AlarmViewRow[]> {
  return viewQuery(db)
    .where('a.seq', '>', String(seq) as never)
    .where(alarmInScope(scope))
    .orderBy('a.seq')
    .limit(limit)
    .execute();
}

export function alarmViewRowsForOrder(db: Db, orderId: number): Promise<AlarmViewRow[]> {
  return viewQuery(db).where('a.order_id', '=', orderId).orderBy('a.id').execute();
}

export function alarmViewRowsForObjects(db: Db, objectKind: string): Promise<AlarmViewRow[]> {
  return viewQuery(db).where('a.object_kind', '=', objectKind).where('a.status', 'in', OPEN_STATUSES).orderBy('a.first_seen_at').execute();
}

export async function maxAlarmSeq(db: Db): Promise<number> {
  const row = await db
    .selectFrom('alarms')
    .select(sql<string | null>`max(seq)`.as('seq'))
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** Facilities by code for the objects of a batch: their id and point. */
export async function facilitiesByCode(db: Db, codes: readonly string[]) {
  if (codes.length === 0) return new Map<string, { id: number; kind: string; name: string; lng: number; lat: number }>();
  const rows = await db
    .selectFrom('facilities')
    .select(['id', 'code', 'kind', 'name', ...stLngLat(sql.ref('geom'))])
    .where('code', 'in', [...new Set(codes)])
    .execute();
  return new Map(rows.map((r) => [r.code, { id: r.id, kind: r.kind as string, name: r.name, lng: Number(r.lng), lat: Number(r.lat) }]));
}

/** The newest open order within `radius` metres of the alarm's place received since `since` (一事一案). */
export async function nearbyOpenOrder(db: Db, alarmId: number, radius: number, since: Date) {
  return db
    .selectFrom('orders as o')
    .innerJoin('alarms as a', (j) => j.on('a.id', '=', alarmId))
    .select(['o.id', 'o.code'])
    .where('o.status', 'not in', ['closed', 'voided'])
    .where('o.received_at', '>=', since)
    .where('a.geom', 'is not', null)
    .where('o.geom', 'is not', null)
    .where(stDWithinMeters(sql.ref('o.geom'), sql.ref('a.geom'), radius))
    .orderBy('o.received_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Open alarms without an order within `radius` metres of an order's place, first seen since `since`. */
export async function unlinkedAlarmsNearOrder(db: Db, orderId: number, radius: number, since: Date): Promise<number[]> {
  const rows = await db
    .selectFrom('alarms as a')
    .innerJoin('orders as o', (j) => j.on('o.id', '=', orderId))
    .select('a.id')
    .where('a.status', 'in', OPEN_STATUSES)
    .where('a.order_id', 'is', null)
    .where('a.last_seen_at', '>=', since)
    .where('o.geom', 'is not', null)
    .where(stDWithinMeters(sql.ref('o.geom'), sql.ref('a.geom'), radius))
    .execute();
  return rows.map((r) => r.id);
}

/** The address of the facility an alarm is about (the order made from it is sent there). */
export async function facilityAddress(db: Db, facilityId: number): Promise<string | null> {
  const row = await db.selectFrom('facilities').select('address').where('id', '=', facilityId).executeTakeFirst();
  return row?.address ?? null;
}

/** An order's code and source: whether alarms near it should join it. */
export function orderSource(db: Db, orderId: number) {
  return db.selectFrom('orders').select(['id', 'code', 'source']).where('id', '=', orderId).executeTakeFirst();
}

/** The self-service kiosks with their point, by code. */
export function kioskRows(db: Db) {
  return db
    .selectFrom('facilities')
    .select(['id', 'code', 'name', 'address', ...stLngLat(sql.ref('geom'))])
    .where('kind', '=', 'kiosk')
    .orderBy('code')
    .execute();
}
