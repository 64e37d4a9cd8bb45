/**
 * The leaders' summary over real orders in each dialect: today against the same span yesterday, this week
 * against the same span last week (weeks from Monday, days from 00:00 Shanghai), the 14-day trend, orders past
 * their limit worst first, and only leaders may read it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderStatus } from '@/db/schema';
import { insertTickets, RollupDelta } from '@/server/hotline/tickets.repository';
import { ManualClock } from '@/server/clock';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { type HubHarness, hubHarness, insertSubDistricts, insertUser, WEST } from './orders-fixture';

// Wednesday 2026-11-25 15:00 in Shanghai.
const NOW = new Date('2026-11-25T07:00:00Z');
const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);
const code = (n: number) => `LR20261125-${String(n).padStart(6, '0')}`;

interface OrderSpec {
  received: Date;
  closed?: Date;
  resolveBy?: Date;
  status?: OrderStatus;
  deadline?: 'ok' | 'nearing' | 'overdue';
  priority?: number;
}

describe.each(dialects)("the leaders' summary on %s", (dialect) => {
  let database: TestDatabase;
  let harness: HubHarness;
  let n = 0;

  async function insertOrder(spec: OrderSpec): Promise<void> {
    n += 1;
    const resolveBy = spec.resolveBy ?? new Date(spec.received.getTime() + 8 * HOUR);
    await database.db
      .insertInto('orders')
      .values({
        code: code(n),
        source: 'hotline_12345',
        category_code: 'sanitation.bin_overflow',
        priority: spec.priority ?? 2,
        status: spec.status ?? (spec.closed ? 'closed' : 'dispatched'),
        description: `测试工单 ${n}`,
        sub_district_code: WEST.code,
        received_at: spec.received,
        clock_started_at: spec.received,
        respond_by: new Date(spec.received.getTime() + 2 * HOUR),
        resolve_by: resolveBy,
        resolved_at: spec.closed ?? null,
        closed_at: spec.closed ?? null,
        deadline_state: spec.deadline ?? 'ok',
        updated_at: spec.received,
      })
      .execute();
  }

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await insertSubDistricts(database.db);
    const clock = new ManualClock(NOW);
    harness = hubHarness(database, clock);
    // Today (Shanghai day starts 2026-11-24T16:00Z): three received, one closed late, one closed on time.
    await insertOrder({ received: at('2026-11-24T17:00:00Z'), closed: at('2026-11-25T06:00:00Z'), resolveBy: at('2026-11-25T01:00:00Z') });
    await insertOrder({ received: at('2026-11-25T01:00:00Z'), closed: at('2026-11-25T03:00:00Z') });
    await insertOrder({ received: at('2026-11-25T06:30:00Z'), deadline: 'nearing' });
    // Later today in UTC terms but after "now": not counted.
    await insertOrder({ received: at('2026-11-25T08:00:00Z') });
    // Yesterday before 15:00 Shanghai (one), and after (not in "so far").
    await insertOrder({ received: at('2026-11-24T02:00:00Z'), deadline: 'overdue', priority: 1, resolveBy: at('2026-11-24T06:00:00Z') });
    await insertOrder({ received: at('2026-11-24T09:00:00Z'), deadline: 'overdue', priority: 3, resolveBy: at('2026-11-24T10:00:00Z') });
    // Monday this week (starts 2026-11-22T16:00Z) and Monday of last week.
    await insertOrder({ received: at('2026-11-23T02:00:00Z'), closed: at('2026-11-23T05:00:00Z') });
    await insertOrder({ received: at('2026-11-16T02:00:00Z') });
    await insertOrder({ received: at('2026-11-16T03:00:00Z'), status: 'voided' });
    // Sunday of last week: outside both weeks' spans so far, inside the 14-day trend.
    await insertOrder({ received: at('2026-11-22T10:00:00Z') });
    // Received today and cancelled (作废) at noon through the real move, which stamps closed_at: received, never finished.
    await insertOrder({ received: at('2026-11-25T02:00:00Z'), status: 'reviewing' });
    const cancelled = await database.db
      .selectFrom('orders')
      .select(['id', 'version'])
      .where('code', '=', code(n))
      .executeTakeFirstOrThrow();
    const dispatcher = await insertUser(database.db, `void-${dialect}`, '陈调度', 'dispatcher');
    clock.set('2026-11-25T04:00:00Z');
    await harness
      .caller(dispatcher)
      .orders.transition({ orderId: cancelled.id, action: 'void', note: '重复来电', expectedVersion: cancelled.version });
    clock.set(NOW);
    const voided = await database.db
      .selectFrom('orders')
      .select(['status', 'closed_at'])
      .where('id', '=', cancelled.id)
      .executeTakeFirstOrThrow();
    expect(voided).toEqual({ status: 'voided', closed_at: at('2026-11-25T04:00:00Z') });
  });
  afterAll(() => database?.drop());

  it('compares today and this week with the same spans before, a cancelled order received but never finished', async () => {
    const leader = await insertUser(database.db, `lead-${dialect}`, '张领导', 'leader');
    const summary = await harness.caller(leader).summary.leader();
    // By hand, today: received 17:00Z, 01:00Z, 06:30Z and the cancelled 02:00Z (4); finished 06:00Z (late) and
    // 03:00Z (on time) (2) — the cancelled one's closed time is today's too, and it is not among them.
    expect(summary.today).toEqual({ received: 4, closed: 2, closedOnTime: 1 });
    expect(summary.yesterdaySoFar).toEqual({ received: 1, closed: 0, closedOnTime: 0 });
    // Monday + Tuesday (2) + today (4); finished Monday's and today's two.
    expect(summary.week).toEqual({ received: 7, closed: 3, closedOnTime: 2 });
    // Last Monday's two, the voided one included: it was received.
    expect(summary.lastWeekSoFar.received).toBe(2);
  });

  it('counts open orders by their clocks and lists the overdue ones, most urgent first', async () => {
    const leader = await insertUser(database.db, `lead2-${dialect}`, '李领导', 'leader');
    const summary = await harness.caller(leader).summary.leader();
    expect(summary.open).toMatchObject({ nearing: 1, overdue: 2 });
    // Open = not closed, not voided: 11 orders − 3 closed − 2 voided.
    expect(summary.open.open).toBe(6);
    expect(summary.overdue.map((o) => o.priority)).toEqual([1, 3]);
    expect(summary.overdue[0].subDistrictZh).toBe(WEST.name);
  });

  it('gives a 14-day trend on Shanghai days, with empty days as zero', async () => {
    const leader = await insertUser(database.db, `lead3-${dialect}`, '王领导', 'leader');
    const { trend } = await harness.caller(leader).summary.leader();
    expect(trend).toHaveLength(14);
    expect(trend[0].day).toBe('2026-11-12');
    // Today: five received (the later one and the cancelled one included), two finished (the cancelled one not).
    expect(trend.at(-1)).toEqual({ day: '2026-11-25', received: 5, closed: 2 });
    // 2026-11-22T10:00Z is 18:00 on Sunday the 22nd in Shanghai.
    expect(trend.find((d) => d.day === '2026-11-22')?.received).toBe(1);
    expect(trend.find((d) => d.day === '2026-11-20')).toEqual({ day: '2026-11-20', received: 0, closed: 0 });
  });

  it("adds today's and this week's 12345 tickets with the week's hotspots, and the open alarms, most severe first", async () => {
    const ticket = (n: number, receivedAt: string, address: string) => ({
      code: `12345-${n}`,
      receivedAt: at(receivedAt),
      categoryCode: 'sanitation.bin_overflow',
      subDistrictCode: WEST.code,
      address,
      description: '垃圾满溢',
      lng: 121.41,
      lat: 31.21,
      dueAt: at('2026-11-26T00:00:00Z'),
      respondedAt: null,
      closedAt: null,
      satisfaction: null,
      synthetic: true,
    });
    await database.db.transaction().execute(async (trx) => {
      const delta = new RollupDelta();
      await insertTickets(
        trx,
        [
          ticket(1, '2026-11-25T02:00:00Z', '华阳路1号'),
          ticket(2, '2026-11-25T03:00:00Z', '华阳路1号'),
          ticket(3, '2026-11-23T03:00:00Z', '华阳路1号'),
          ticket(4, '2026-11-20T03:00:00Z', '华阳路1号'),
        ],
        delta,
        NOW,
      );
      await delta.flush(trx);
    });
    const alarm = (type: string, level: number, status: 'active' | 'acknowledged' | 'cleared') => ({
      type,
      level,
      object_kind: 'toilet',
      object_code: `WC-${type}`,
      facility_id: null,
      geom: null,
      status,
      value: 3,
      threshold: 1.5,
      first_seen_at: at('2026-11-25T06:00:00Z'),
      last_seen_at: at('2026-11-25T06:30:00Z'),
      acknowledged_by: null,
      acknowledged_by_name: null,
      acknowledged_at: null,
      order_id: null,
      order_link: null,
      cleared_at: null,
      clear_kind: null,
      clear_reason: null,
      closed_at: null,
    });
    await database.db
      .insertInto('alarms')
      .values([
        alarm('toilet.odour_nh3', 2, 'active'),
        alarm('toilet.water_failure', 1, 'acknowledged'),
        alarm('toilet.power_failure', 1, 'cleared'),
      ])
      .execute();

    const leader = await insertUser(database.db, `lead4-${dialect}`, '赵领导', 'leader');
    const { hotline, alarms } = await harness.caller(leader).summary.leader();
    expect(hotline).toMatchObject({ today: 2, thisWeek: 3 });
    // The last seven days (from the 19th) hold all four tickets, at one place.
    expect(hotline.hotspots[0]).toMatchObject({ address: '华阳路1号', subDistrictZh: WEST.name, tickets: 4 });
    expect(alarms).toMatchObject({ open: 2, critical: 1 });
    expect(alarms.top.map((a) => a.type)).toEqual(['toilet.water_failure', 'toilet.odour_nh3']);
  });

  it('is only for leaders', async () => {
    const dispatcher = await insertUser(database.db, `disp-${dialect}`, '王调度', 'dispatcher');
    await expect(harness.caller(dispatcher).summary.leader()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
