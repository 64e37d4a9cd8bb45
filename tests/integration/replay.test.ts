/**
 * The wall's replay read, "the district at T", on both dialects over hand-made ledgers: an order closed before T
 * is absent, one open at T is there in the state it was in then (not its state now), one received after T is
 * absent; the same for alarms and 12345 tickets; units are where their history has them at T. Refused for roles
 * without the map and for moments in the future.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stPoint } from '@/db/st';
import { appRouter } from '@/server/api/root';
import { createCallerFactory } from '@/server/api/trpc';
import type { AppServices } from '@/server/app-services';
import type { SessionUser } from '@/server/auth/auth.service';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { FIXTURE, insertMapFixture } from './map-fixture';
import { insertUser } from './orders-fixture';
import { refusal } from './refusal';
import { servicesFor } from './test-services';

const createCaller = createCallerFactory(appRouter);
const MIN = 60_000;

describe.each(dialects)('replay: the district at T (%s)', (dialect) => {
  let database: TestDatabase;
  let services: AppServices;
  let duty: SessionUser;
  let clerk: SessionUser;
  let unitIds: number[];
  // A whole minute two hours ago: every ledger below is placed around it.
  const T = Math.floor((Date.now() - 120 * MIN) / MIN) * MIN;
  const at = (offsetMin: number) => new Date(T + offsetMin * MIN);
  const callerFor = (user: SessionUser) => createCaller({ services, user, sessionToken: undefined, ip: null, setCookie: () => undefined });

  async function order(code: string, steps: Array<[offsetMin: number, to: string]>) {
    const closed = steps.find(([, to]) => to === 'closed' || to === 'voided');
    const { id } = await database.db
      .insertInto('orders')
      .values({
        code,
        source: 'patrol',
        priority: 2,
        status: steps.at(-1)![1] as never,
        description: code,
        received_at: at(steps[0][0]),
        clock_started_at: at(steps[0][0]),
        respond_by: at(steps[0][0] + 30),
        resolve_by: at(steps[0][0] + 240),
        closed_at: closed ? at(closed[0]) : null,
        updated_at: at(steps.at(-1)![0]),
        geom: stPoint([121.42, 31.21]),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    let from: string | null = null;
    for (const [i, [offset, to]] of steps.entries()) {
      await database.db
        .insertInto('order_events')
        .values({
          order_id: id,
          at: at(offset),
          actor_name: '系统',
          actor_role: 'system',
          action: 'test',
          from_status: from as never,
          to_status: to as never,
          detail: JSON.stringify({}) as never,
          order_version: i + 1,
        })
        .execute();
      from = to;
    }
    return id;
  }

  async function alarm(code: string, steps: Array<[offsetMin: number, kind: string]>) {
    const last = steps.at(-1)![1];
    const status = last === 'raised' || last === 'reopened' ? 'active' : last;
    const { id } = await database.db
      .insertInto('alarms')
      .values({
        type: 'device_offline',
        level: 2,
        object_kind: 'kiosk',
        object_code: code,
        status: status as never,
        first_seen_at: at(steps[0][0]),
        last_seen_at: at(steps.at(-1)![0]),
        closed_at: last === 'closed' ? at(steps.at(-1)![0]) : null,
        geom: stPoint([121.41, 31.2]),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [offset, kind] of steps) {
      await database.db
        .insertInto('alarm_events')
        .values({ alarm_id: id, at: at(offset), kind: kind as never, actor_name: '系统' })
        .execute();
    }
    return id;
  }

  async function ticket(code: string, receivedMin: number, closedMin: number | null) {
    const { id } = await database.db
      .insertInto('hotline_tickets')
      .values({
        code,
        received_at: at(receivedMin),
        day: new Date(T).toISOString().slice(0, 10),
        category_code: 'cityscape.dumping',
        sub_district_code: FIXTURE.east.code,
        address: `${code} 路 1 号`,
        place_key: code,
        description: code,
        geom: stPoint([121.43, 31.21]),
        h3_r8: '8830e1d8a3fffff',
        h3_r9: '8930e1d8a33ffff',
        due_at: at(receivedMin + 60),
        closed_at: closedMin === null ? null : at(closedMin),
        overdue: false,
        synthetic: false,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  const ids: Record<string, number> = {};

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await insertMapFixture(database.db);
    services = await servicesFor(database);
    duty = await insertUser(database.db, 'duty', '值班员', 'duty_officer');
    clerk = await insertUser(database.db, 'clerk', '收费员', 'fee_clerk');

    ids.closedBefore = await order('O-CLOSED-BEFORE', [
      [-90, 'received'],
      [-80, 'dispatched'],
      [-10, 'closed'],
    ]);
    ids.openAtT = await order('O-OPEN-AT-T', [
      [-60, 'received'],
      [-30, 'dispatched'],
      [-5, 'in_progress'],
      [20, 'closed'],
    ]);
    ids.receivedAfter = await order('O-AFTER', [[5, 'received']]);
    ids.voidedBefore = await order('O-VOIDED', [
      [-40, 'received'],
      [-1, 'voided'],
    ]);
    ids.closedAtT = await order('O-CLOSED-AT-T', [
      [-40, 'received'],
      [0, 'closed'],
    ]);

    ids.alarmCleared = await alarm('K-CLEARED', [
      [-50, 'raised'],
      [-20, 'cleared'],
    ]);
    ids.alarmAcked = await alarm('K-ACKED', [
      [-50, 'raised'],
      [-15, 'acknowledged'],
      [30, 'closed'],
    ]);
    ids.alarmLater = await alarm('K-LATER', [[10, 'raised']]);
    ids.alarmReopened = await alarm('K-REOPENED', [
      [-50, 'raised'],
      [-30, 'cleared'],
      [-3, 'reopened'],
    ]);

    ids.ticketOpen = await ticket('T-OPEN', -100, 15);
    ids.ticketClosed = await ticket('T-CLOSED', -100, -1);
    ids.ticketLater = await ticket('T-LATER', 1, null);

    unitIds = [];
    for (const code of ['U-1', 'U-2']) {
      const { id } = await database.db
        .insertInto('units')
        .values({
          code,
          kind: 'compactor',
          name: code,
          sub_district_code: FIXTURE.east.code,
          synthetic: false,
          on_shift: true,
          geom: stPoint([121.4, 31.2]),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      unitIds.push(id);
    }
    const fix = (lng: number, offsetMin: number) => ({ lng, lat: 31.21, recordedAt: T + offsetMin * MIN, speedMps: 3, headingDeg: 90 });
    // U-1 reported two minutes before T and again after it; U-2 only after T (it was not out yet).
    await services.liveUnits.history.record(
      [
        { unitId: unitIds[0], fix: fix(121.401, -2) },
        { unitId: unitIds[0], fix: fix(121.409, 3) },
        { unitId: unitIds[1], fix: fix(121.43, 4) },
      ],
      'device',
    );
    await services.liveUnits.history.flush();
  }, 60_000);
  afterAll(() => database?.drop());

  it('shows the orders open at T in the state they were in then, not those closed, voided or received after', async () => {
    const state = await callerFor(duty).replay.districtAt({ at: new Date(T) });
    expect(state.orders.map((o) => o.code).sort()).toEqual(['O-OPEN-AT-T']);
    const open = state.orders[0];
    // Closed now, but at T it was being worked on.
    expect(open.status).toBe('in_progress');
    expect(open.closedAt).toBeNull();
  });

  it('shows the alarms open at T with their status then: acknowledged, or active again after reopening', async () => {
    const state = await callerFor(duty).replay.districtAt({ at: new Date(T) });
    const byCode = Object.fromEntries(state.alarms.map((a) => [a.objectCode, a.status]));
    expect(byCode).toEqual({ 'K-ACKED': 'acknowledged', 'K-REOPENED': 'active' });
  });

  it('shows the 12345 tickets open at T only', async () => {
    const state = await callerFor(duty).replay.districtAt({ at: new Date(T) });
    expect(state.tickets.map((t) => t.code)).toEqual(['T-OPEN']);
    expect(state.tickets[0]).toMatchObject({ lng: 121.43, lat: 31.21 });
  });

  it('puts each unit where its history has it at T, and leaves out a unit with no fix by then', async () => {
    const state = await callerFor(duty).replay.districtAt({ at: new Date(T) });
    expect(state.units.map((u) => [u.unitId, u.lng])).toEqual([[unitIds[0], 121.401]]);
  });

  it('moves with the moment: ten minutes later the order has closed, the late alarm and ticket are open', async () => {
    const state = await callerFor(duty).replay.districtAt({ at: at(12) });
    expect(state.orders.map((o) => o.code).sort()).toEqual(['O-AFTER', 'O-OPEN-AT-T']);
    expect(state.alarms.map((a) => a.objectCode).sort()).toEqual(['K-ACKED', 'K-LATER', 'K-REOPENED']);
    expect(state.tickets.map((t) => t.code).sort()).toEqual(['T-LATER', 'T-OPEN']);
    expect(state.units.map((u) => u.lng).sort()).toEqual([121.409, 121.43]);
  });

  it('searches the alarm history by object and counts it by day and type', async () => {
    const period = { from: at(-120), to: at(60) };
    const all = await callerFor(duty).alarms.history(period);
    // Newest first: the alarm raised after T heads the list; a cleared one is history too.
    expect(all.alarms.map((a) => a.objectCode)).toEqual(['K-LATER', 'K-REOPENED', 'K-ACKED', 'K-CLEARED']);
    expect(all.trend.reduce((n, r) => n + r.count, 0)).toBe(4);
    expect(new Set(all.trend.map((r) => r.type))).toEqual(new Set(['device_offline']));

    const one = await callerFor(duty).alarms.history({ ...period, text: 'k-ack' });
    expect(one.alarms.map((a) => a.objectCode)).toEqual(['K-ACKED']);
    expect(one.trend.map((r) => r.count)).toEqual([1]);
    const before = await callerFor(duty).alarms.history({ from: at(-120), to: at(-51) });
    expect(before.alarms).toEqual([]);
  });

  it('refuses roles without the map and moments in the future', async () => {
    expect((await refusal(callerFor(clerk).replay.districtAt({ at: new Date(T) }))).message).toMatch(/lacks map:view/);
    const future = await refusal(callerFor(duty).replay.districtAt({ at: new Date(Date.now() + 3_600_000) }));
    expect(future.message).toMatch(/future/);
  });
});
