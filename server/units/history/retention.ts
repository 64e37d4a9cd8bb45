/**
 * Keeps the position history's day partitions in shape, on the product's clock: partitions exist `aheadDays` ahead
 * (so writes never wait for DDL), a closed day (before today) is rewritten in track order once (orderDayPartition:
 * a day track then reads a few dozen pages instead of one per fix) and packed, each unit's day as one row (packDay:
 * a day track then reads one row), a day older than `fullDays` is thinned (one fix a minute plus stops, written in
 * track order, packed again), a day older than `fullDays + thinDays` is dropped with its packed fixes. Runs at start
 * and then hourly (server/compose/live.ts). Today's partition stays as written: it still grows, and it is the one
 * in cache.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { Clock } from '@/server/clock';
import { shanghaiDay, shanghaiTime } from '@/domain/shanghai-time';
import { packDay } from './history.repository';
import {
  type DayPartition,
  createDayPartition,
  dropDayPartition,
  listDayPartitions,
  orderDayPartition,
  thinDayPartition,
} from './partitions.repository';
import { logFor } from '@/server/ops/log';

const log = logFor('positions');

export interface RetentionSettings {
  /** POSITION_FULL_DAYS: days kept at full (sampled) resolution, today included. */
  fullDays: number;
  /** POSITION_THIN_DAYS: further days kept thinned; 0 drops a day when it leaves full resolution. */
  thinDays: number;
  /** Partitions created ahead of today. */
  aheadDays?: number;
  /**
   * POSITION_ORDER_HOUR: the Shanghai hour from which a closed day is ordered and packed (default 0: the first round
   * from 00:15). Embedded, a full-scale day's rewrite keeps the one database thread busy for about two minutes: an
   * operator may move it to a quiet hour.
   */
  orderFromHour?: number;
}

/** Below this speed (m/s) a fix belongs to a stop when thinning. */
export const STOP_MPS = 0.5;
export const DEFAULT_AHEAD_DAYS = 2;
/**
 * Hours after midnight before a closed day is ordered and packed at the earliest: the day's last fixes still in a
 * writer's queue (a second) or a device's next upload land first, instead of each unpacking its unit's packed day.
 */
export const ORDER_GRACE_HOURS = 0.25;

export type RetentionAction =
  | { kind: 'create'; day: string }
  | { kind: 'order'; partition: DayPartition }
  | { kind: 'thin'; day: string }
  | { kind: 'drop'; partition: DayPartition };

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;
const dayOf = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);

/**
 * What to do today, given the partitions there are. Pure. At most one day is ordered (and packed) a round, the newest
 * first (the most replayed): rewriting a full-scale day holds it, and embedded the database thread, for a while, and
 * days that closed while the server was off (or before an upgrade) should not stall the first round for all of them
 * at once. A day ordered or thinned before packed days existed (migration 0071) is packed the same way.
 */
export function planRetention(
  today: string,
  partitions: readonly DayPartition[],
  settings: RetentionSettings,
  /** Shanghai time of day in hours (9.5 is 09:30). */
  hour = 0,
): RetentionAction[] {
  const t = dayNumber(today);
  const actions: RetentionAction[] = [];
  const have = new Set(partitions.map((p) => p.day));
  for (let n = t; n <= t + (settings.aheadDays ?? DEFAULT_AHEAD_DAYS); n++)
    if (!have.has(dayOf(n))) actions.push({ kind: 'create', day: dayOf(n) });
  let toOrder: DayPartition | null = null;
  for (const p of partitions) {
    const age = t - dayNumber(p.day);
    if (age >= settings.fullDays + settings.thinDays) actions.push({ kind: 'drop', partition: p });
    else if (age >= settings.fullDays && !p.thinned) actions.push({ kind: 'thin', day: p.day });
    else if (age >= 1 && (!p.packed || (!p.ordered && !p.thinned)) && (!toOrder || p.day > toOrder.day)) toOrder = p;
  }
  if (toOrder && hour >= Math.max(settings.orderFromHour ?? 0, ORDER_GRACE_HOURS)) actions.push({ kind: 'order', partition: toOrder });
  return actions;
}

export class PositionRetention {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly settings: RetentionSettings,
  ) {}

  /** Oldest instant a fix may have and still be stored at full resolution (start of the oldest full day). */
  oldestFullDay(): string {
    return dayOf(dayNumber(shanghaiDay(this.clock.now())) - this.settings.fullDays + 1);
  }

  /** One round; returns what it did (logged, and asserted by the tests). */
  async maintain(): Promise<RetentionAction[]> {
    const now = this.clock.now();
    const time = shanghaiTime(now);
    const hour = Number(time.slice(0, 2)) + Number(time.slice(3, 5)) / 60;
    const actions = planRetention(shanghaiDay(now), await listDayPartitions(this.db), this.settings, hour);
    for (const action of actions) {
      if (action.kind === 'create') await createDayPartition(this.db, action.day);
      else if (action.kind === 'order') {
        const { partition } = action;
        const started = performance.now();
        // A thinned day was written in track order; an ordered one (before packing existed) needs no second rewrite.
        if (!partition.ordered && !partition.thinned) await orderDayPartition(this.db, partition);
        const ordered = performance.now();
        const units = await this.db.transaction().execute((trx) => packDay(trx, partition.day, partition.name));
        log.info(`ordered ${partition.name} by unit and time and packed ${units} units' day`, {
          orderMs: Math.round(ordered - started),
          packMs: Math.round(performance.now() - ordered),
        });
      } else if (action.kind === 'thin') {
        const { before, after } = await thinDayPartition(this.db, action.day, STOP_MPS);
        log.info(`thinned ${action.day}: ${before} → ${after} fixes`, { before, after });
      } else {
        await dropDayPartition(this.db, action.partition);
        log.info(`dropped ${action.partition.name}`);
      }
    }
    return actions;
  }
}
