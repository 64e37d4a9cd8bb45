/**
 * The demonstration's order history: four weeks of finished and cancelled work orders before the first start,
 * so the leaders' 14-day trend and the week-on-week comparisons have something to compare from the first minute
 * (without it the trend was flat: there were no orders before the demo began). Demo mode only, marked synthetic
 * by its ledger entries' actor, deterministic for a seed and a start day, written once (a restart finds it).
 *
 * A day has 18–34 orders (fewer at weekends), received over the hours the way 12345 calls arrive; most are
 * finished within their time limit, about one in seven late, about one in sixteen cancelled (作废) as a duplicate.
 */
import { type Kysely, sql } from 'kysely';
import type { Database, OrderSource, OrderStatus } from '@/db/schema';
import { stPoint } from '@/db/st';
import { createRandom, type Random } from '@/geo/random';
import { shanghaiDay, shanghaiDayStart, shanghaiWeekday } from '@/domain/shanghai-time';
import { formatOrderCode } from '@/server/orders/order-code';
import { DEFAULT_TIME_LIMITS, isPriority } from '@/server/orders/time-limits';
import { addressedPlaces, orderCategoriesInOrder } from './demo-data.repository';
import { HOURLY_VOLUME } from './demo-tickets';

export const HISTORY_DAYS = 28;
/** The ledger's actor of every history entry: how a restart knows the history is there, and how a reader tells it is made up. */
export const HISTORY_ACTOR = '演示历史数据（模拟）';
const LATE_SHARE = 0.15;
const CANCELLED_SHARE = 0.06;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface HistoryPlace {
  address: string;
  subDistrictCode: string;
  lng: number;
  lat: number;
}

export interface HistoryCategory {
  code: string;
  name_zh: string;
  default_priority: number;
}

export interface PlannedHistoryOrder {
  day: string;
  source: OrderSource;
  categoryCode: string;
  priority: number;
  description: string;
  place: HistoryPlace;
  status: Extract<OrderStatus, 'closed' | 'voided'>;
  receivedAt: Date;
  respondBy: Date;
  resolveBy: Date;
  respondedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date;
  late: boolean;
}

function receivedTime(dayStart: Date, random: Random): Date {
  const hour = random.pickWeighted(
    HOURLY_VOLUME.map((_, h) => h),
    HOURLY_VOLUME,
  );
  return new Date(dayStart.getTime() + hour * HOUR + random.range(0, HOUR));
}

/** The history's orders, oldest day first; only what is over before `now` (pure: pass the places and the randomness). */
export function planOrderHistory(input: {
  now: Date;
  days?: number;
  categories: readonly HistoryCategory[];
  places: readonly HistoryPlace[];
  random: Random;
}): PlannedHistoryOrder[] {
  const { now, categories, places, random } = input;
  if (categories.length === 0 || places.length === 0) return [];
  const planned: PlannedHistoryOrder[] = [];
  for (let back = input.days ?? HISTORY_DAYS; back >= 1; back -= 1) {
    const dayStart = shanghaiDayStart(now, back);
    const day = shanghaiDay(new Date(dayStart.getTime() + 12 * HOUR));
    const weekend = shanghaiWeekday(new Date(dayStart.getTime() + 12 * HOUR)) >= 5;
    const count = Math.round(random.range(18, 34) * (weekend ? 0.7 : 1));
    const orders: PlannedHistoryOrder[] = [];
    for (let i = 0; i < count; i += 1) {
      const category = random.pick(categories);
      const priority = isPriority(category.default_priority) ? category.default_priority : 3;
      const limit = DEFAULT_TIME_LIMITS[priority];
      const place = random.pick(places);
      const receivedAt = receivedTime(dayStart, random);
      const respondBy = new Date(receivedAt.getTime() + limit.respondMinutes * MINUTE);
      const resolveBy = new Date(receivedAt.getTime() + limit.resolveMinutes * MINUTE);
      const cancelled = random.chance(CANCELLED_SHARE);
      const late = !cancelled && random.chance(LATE_SHARE);
      const resolvedAt = cancelled
        ? null
        : new Date(receivedAt.getTime() + limit.resolveMinutes * MINUTE * (late ? random.range(1.05, 1.8) : random.range(0.2, 0.95)));
      const closedAt = resolvedAt
        ? new Date(resolvedAt.getTime() + random.range(10, 90) * MINUTE)
        : new Date(receivedAt.getTime() + random.range(10, 90) * MINUTE);
      if (closedAt.getTime() >= now.getTime()) continue;
      orders.push({
        day,
        source: random.chance(0.7) ? 'hotline_12345' : random.chance(0.5) ? 'city_ops' : 'patrol',
        categoryCode: category.code,
        priority,
        description: `${place.address}附近${category.name_zh}${cancelled ? '（重复来电）' : ''}`,
        place,
        status: cancelled ? 'voided' : 'closed',
        receivedAt,
        respondBy,
        resolveBy,
        respondedAt: cancelled ? null : new Date(receivedAt.getTime() + random.range(5, limit.respondMinutes * 0.8) * MINUTE),
        resolvedAt,
        closedAt,
        late,
      });
    }
    planned.push(...orders.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime()));
  }
  return planned;
}

async function hasHistory(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{
    any: boolean;
  }>`SELECT EXISTS (SELECT 1 FROM order_events WHERE actor_name = ${HISTORY_ACTOR}) AS any`.execute(db);
  return Boolean(rows[0]?.any);
}

/**
 * Writes the history once, in one transaction: each day's orders take the next numbers of that day's counter, so
 * they never collide with orders really received that day. Returns how many it wrote (0: already there).
 */
export async function seedOrderHistory(db: Kysely<Database>, now: Date, seed: number | string): Promise<number> {
  if (await hasHistory(db)) return 0;
  const [categories, places] = await Promise.all([orderCategoriesInOrder(db), addressedPlaces(db)]);
  const random = createRandom(`${seed}:order-history`);
  // A few hundred places are plenty to spread the orders over the district.
  const sample = places.length > 400 ? random.fork('places').shuffle(places).slice(0, 400) : places;
  const planned = planOrderHistory({ now, categories, places: sample, random: random.fork('orders') });
  if (planned.length === 0) return 0;
  const byDay = new Map<string, PlannedHistoryOrder[]>();
  for (const o of planned) byDay.set(o.day, [...(byDay.get(o.day) ?? []), o]);

  await db.transaction().execute(async (trx) => {
    for (const [day, orders] of byDay) {
      const counter = await trx
        .insertInto('order_day_counters')
        .values({ day, last_number: orders.length })
        .onConflict((oc) => oc.column('day').doUpdateSet({ last_number: sql`order_day_counters.last_number + ${orders.length}` }))
        .returning('last_number')
        .executeTakeFirstOrThrow();
      const first = counter.last_number - orders.length + 1;
      const inserted = await trx
        .insertInto('orders')
        .values(
          orders.map((o, i) => ({
            code: formatOrderCode(day, first + i),
            source: o.source,
            category_code: o.categoryCode,
            priority: o.priority,
            status: o.status,
            description: o.description,
            address: o.place.address,
            geom: stPoint([o.place.lng, o.place.lat]),
            sub_district_code: o.place.subDistrictCode,
            received_at: o.receivedAt,
            clock_started_at: o.receivedAt,
            respond_by: o.respondBy,
            resolve_by: o.resolveBy,
            responded_at: o.respondedAt,
            resolved_at: o.resolvedAt,
            closed_at: o.closedAt,
            deadline_state: o.late ? ('overdue' as const) : ('ok' as const),
            version: 2,
            updated_at: o.closedAt,
          })),
        )
        .returning('id')
        .execute();
      const system = { actor_user_id: null, actor_name: HISTORY_ACTOR, actor_role: 'system' };
      await trx
        .insertInto('order_events')
        .values(
          orders.flatMap((o, i) => [
            {
              ...system,
              order_id: inserted[i].id,
              at: o.receivedAt,
              action: 'create',
              note: null,
              from_status: null,
              to_status: 'received' as const,
              detail: JSON.stringify({ source: o.source, demoHistory: true }),
              order_version: 1,
            },
            {
              ...system,
              order_id: inserted[i].id,
              at: o.closedAt,
              action: o.status === 'voided' ? 'void' : 'close',
              note: o.status === 'voided' ? '重复来电' : null,
              from_status: o.status === 'voided' ? ('reviewing' as const) : ('awaiting_check' as const),
              to_status: o.status,
              detail: JSON.stringify({ demoHistory: true }),
              order_version: 2,
            },
          ]),
        )
        .execute();
    }
  });
  return planned.length;
}
