/**
 * The work-order figures a leader reads at a glance: counts over a period, the daily series behind the trend,
 * and the orders past their limit. Periods are half-open [from, to) instants; callers cut them on Shanghai days.
 * What each figure counts is written once, in ./summary-kpis.ts; the SQL here follows it.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import { OPEN_STATUSES } from '@/domain/orders/order-values';
import { FINISHED_STATUS } from './summary-kpis';
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import { subDistrictInScope } from '@/server/tenancy/district-sql';

export interface PeriodFigures {
  received: number;
  /** Finished (办结, status closed) within the period; a cancelled (作废) order has a closed time too but is not finished. */
  closed: number;
  /** Finished within the period and resolved before the resolve-by limit. */
  closedOnTime: number;
}

/** `closed_at` in [from, to) of an order that was finished: cancelling also stamps closed_at, and is not finishing. */
const finishedIn = (from: Date, to: Date) => sql`status = ${FINISHED_STATUS} and closed_at >= ${from} and closed_at < ${to}`;

export async function periodFigures(db: Kysely<Database>, from: Date, to: Date, scope: DistrictScope = CITY_SCOPE): Promise<PeriodFigures> {
  return db
    .selectFrom('orders')
    .select([
      sql<number>`count(*) filter (where received_at >= ${from} and received_at < ${to})::int`.as('received'),
      sql<number>`count(*) filter (where ${finishedIn(from, to)})::int`.as('closed'),
      sql<number>`count(*) filter (where ${finishedIn(from, to)} and coalesce(resolved_at, closed_at) <= resolve_by)::int`.as(
        'closedOnTime',
      ),
    ])
    .where((eb) => eb.or([eb.between('received_at', from, to), eb.between('closed_at', from, to)]))
    .where(subDistrictInScope('sub_district_code', scope))
    .executeTakeFirstOrThrow();
}

export interface OpenFigures {
  open: number;
  nearing: number;
  overdue: number;
  escalated: number;
}

export async function openFigures(db: Kysely<Database>, scope: DistrictScope = CITY_SCOPE): Promise<OpenFigures> {
  return db
    .selectFrom('orders')
    .select([
      sql<number>`count(*)::int`.as('open'),
      sql<number>`count(*) filter (where deadline_state = 'nearing')::int`.as('nearing'),
      sql<number>`count(*) filter (where deadline_state = 'overdue')::int`.as('overdue'),
      sql<number>`count(*) filter (where escalation_level > 0)::int`.as('escalated'),
    ])
    .where('status', 'in', OPEN_STATUSES)
    .where(subDistrictInScope('sub_district_code', scope))
    .executeTakeFirstOrThrow();
}

/** Orders received and finished per Shanghai day from `from` on; days without any are absent (the caller fills). */
export async function dailyCounts(
  db: Kysely<Database>,
  from: Date,
  scope: DistrictScope = CITY_SCOPE,
): Promise<Array<{ day: string; received: number; closed: number }>> {
  const shanghaiDate = (column: 'received_at' | 'closed_at') =>
    sql<string>`to_char(${sql.ref(column)} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;
  const received = db
    .selectFrom('orders')
    .select([shanghaiDate('received_at').as('day'), sql<number>`count(*)::int`.as('received'), sql<number>`0`.as('closed')])
    .where('received_at', '>=', from)
    .where(subDistrictInScope('sub_district_code', scope))
    .groupBy(sql`1`);
  const closed = db
    .selectFrom('orders')
    .select([shanghaiDate('closed_at').as('day'), sql<number>`0`.as('received'), sql<number>`count(*)::int`.as('closed')])
    .where('status', '=', FINISHED_STATUS)
    .where('closed_at', '>=', from)
    .where(subDistrictInScope('sub_district_code', scope))
    .groupBy(sql`1`);
  const rows = await db
    .selectFrom(received.unionAll(closed).as('d'))
    .select(['d.day', sql<number>`sum(d.received)::int`.as('received'), sql<number>`sum(d.closed)::int`.as('closed')])
    .groupBy('d.day')
    .orderBy('d.day')
    .execute();
  return rows;
}

export interface OverdueOrder {
  code: string;
  categoryZh: string | null;
  categoryEn: string | null;
  subDistrictZh: string | null;
  subDistrictEn: string | null;
  priority: number;
  status: string;
  resolveBy: Date;
  escalationLevel: number;
}

/** The open orders past their limit, worst first (highest priority, longest overdue). */
export async function overdueOrders(db: Kysely<Database>, limit: number, scope: DistrictScope = CITY_SCOPE): Promise<OverdueOrder[]> {
  return db
    .selectFrom('orders as o')
    .leftJoin('order_categories as c', 'c.code', 'o.category_code')
    .leftJoin('sub_districts as s', 's.code', 'o.sub_district_code')
    .select([
      'o.code',
      'c.name_zh as categoryZh',
      'c.name_en as categoryEn',
      's.name as subDistrictZh',
      's.name_en as subDistrictEn',
      'o.priority',
      'o.status',
      'o.resolve_by as resolveBy',
      'o.escalation_level as escalationLevel',
    ])
    .where('o.status', 'in', OPEN_STATUSES)
    .where('o.deadline_state', '=', 'overdue')
    .where(subDistrictInScope('o.sub_district_code', scope))
    .orderBy('o.priority')
    .orderBy('o.resolve_by')
    .limit(limit)
    .execute();
}

/** Sub-districts' names in both languages, to name the hotspots' areas. */
export function subDistrictNames(db: Kysely<Database>) {
  return db.selectFrom('sub_districts').select(['code', 'name', 'name_en']).execute();
}
