/**
 * Nearest-unit dispatch on a freshly migrated database in each dialect: candidates ranked correctly on a small
 * fixture of units at known distances (KNN shortlist, spheroid metres, load), the concurrent-assignment race
 * (exactly one winner, the loser told who), several units per incident, and refusals.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/auth/auth.service';
import type { LngLat } from '@/db/st';
import { ManualClock } from '@/server/clock';
import { findNearestUnits } from '@/server/dispatch/candidates.repository';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { countRows, EAST, type HubHarness, hubHarness, insertSubDistricts, insertUnits, insertUser, offset, WEST } from './orders-fixture';

/** A point in the middle of the west sub-district. */
const P: [number, number] = [121.41, 31.21];

describe.each(dialects)('nearest-unit dispatch on %s', (dialect) => {
  let database: TestDatabase;
  let harness: HubHarness;
  const clock = new ManualClock('2026-11-22T02:00:00Z');
  let u: Record<string, number>;
  let alice: SessionUser;
  let bob: SessionUser;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await insertSubDistricts(database.db);
    u = await insertUnits(database.db, [
      // Handlers around P. N300 lies nearer in planar degrees than E280 (a degree of longitude is shorter than
      // one of latitude here), but E280 is nearer in metres: the ranking must follow metres.
      { code: 'E280', kind: 'handler', subDistrictCode: WEST.code, at: offset(P, 280, 0) },
      { code: 'N300', kind: 'handler', subDistrictCode: WEST.code, at: offset(P, 0, 300) },
      { code: 'W500', kind: 'handler', subDistrictCode: WEST.code, at: offset(P, -500, 0) },
      { code: 'S900', kind: 'handler', subDistrictCode: WEST.code, at: offset(P, 0, -900) },
      { code: 'OFF40', kind: 'handler', subDistrictCode: WEST.code, at: offset(P, 40, 0), onShift: false },
      { code: 'NOPOS', kind: 'handler', subDistrictCode: WEST.code, at: null },
      { code: 'SWEEP20', kind: 'sweeper', subDistrictCode: WEST.code, at: offset(P, 0, 20) },
      { code: 'CAR1200', kind: 'duty_officer', subDistrictCode: WEST.code, at: offset(P, 1200, 0) },
      { code: 'TOILET1', kind: 'toilet_service', subDistrictCode: EAST.code, at: [121.43, 31.21] },
      { code: 'TOILET2', kind: 'toilet_service', subDistrictCode: EAST.code, at: [121.431, 31.211] },
      { code: 'TOILET3', kind: 'toilet_service', subDistrictCode: EAST.code, at: [121.432, 31.212] },
    ]);
    alice = await insertUser(database.db, 'alice', '甲调度', 'dispatcher');
    bob = await insertUser(database.db, 'bob', '乙调度', 'dispatcher');
    harness = hubHarness(database, clock);
    // Manual dispatch for these tests: orders wait in 待派单 for the dispatchers.
    const rules = (await harness.hub.dispatchRules.active()).rules;
    const duty = await insertUser(database.db, 'duty', '值班长', 'duty_officer');
    const leader = await insertUser(database.db, 'leader', '领导', 'leader');
    const { version } = await harness.caller(duty).dispatch.rules.propose({ rules: { ...rules, autoDispatch: false }, note: '人工派单' });
    await harness.caller(leader).dispatch.rules.decide({ version, approve: true });
  });
  afterAll(() => database?.drop());

  async function waitingOrder(categoryCode: string, at: LngLat) {
    const { order } = await harness
      .caller(alice)
      .orders.create({ source: 'city_ops', categoryCode, description: '测试工单', location: { lng: at[0], lat: at[1] } });
    expect(order.status).toBe('awaiting_dispatch');
    return order;
  }

  it('ranks on-shift units of the needed kind by estimated arrival, with the reasons', async () => {
    const result = await harness.caller(alice).dispatch.candidates({ lng: P[0], lat: P[1], unitKinds: ['handler'] });
    expect(result.candidates.map((c) => c.code)).toEqual(['E280', 'N300', 'W500', 'S900']);
    const [first] = result.candidates;
    expect(first.distanceM).toBeGreaterThanOrEqual(278);
    expect(first.distanceM).toBeLessThanOrEqual(282);
    expect(Math.abs(first.roadDistanceM - first.distanceM * 1.3)).toBeLessThanOrEqual(1); // the documented road factor
    expect(first.etaMinutes).toBeCloseTo((first.distanceM * 1.3) / 250, 0); // e-bike, 15 km/h = 250 m/min
    expect(first).toMatchObject({ kind: 'handler', load: 0, sameTeam: null, slackMinutes: null });
    expect(first.lng).toBeCloseTo(offset(P, 280, 0)[0], 6);
  });

  it('takes the kinds from the category and weighs speed: a car further away can arrive first', async () => {
    const result = await harness
      .caller(alice)
      .dispatch.candidates({ lng: P[0], lat: P[1], unitKinds: ['handler', 'duty_officer'], limit: 3 });
    expect(result.candidates.map((c) => c.code)).toEqual(['E280', 'N300', 'W500']);
    // From here the car is 583 m away and E280 516 m, but the car (25 km/h) arrives before the e-bike (15 km/h).
    const q = offset(P, 700, 300);
    const mixed = await harness
      .caller(alice)
      .dispatch.candidates({ lng: q[0], lat: q[1], unitKinds: ['handler', 'duty_officer'], limit: 2 });
    expect(mixed.candidates.map((c) => c.code)).toEqual(['CAR1200', 'E280']);
    expect(mixed.candidates[0].distanceM).toBeGreaterThan(mixed.candidates[1].distanceM);
    const byCategory = await harness.caller(alice).dispatch.candidates({ lng: P[0], lat: P[1], categoryCode: 'sanitation.road_cleaning' });
    expect(byCategory.unitKinds).toEqual(['sweeper', 'handler']);
    expect(byCategory.candidates[0].code).toBe('SWEEP20');
    await expect(harness.caller(alice).dispatch.candidates({ lng: P[0], lat: P[1], categoryCode: 'other.unclear' })).rejects.toMatchObject({
      cause: { messageKey: 'dispatch.error.noUnitKinds' },
    });
    await expect(harness.caller(alice).dispatch.candidates({ lng: P[0], lat: P[1] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('counts a unit’s open orders against it, and shows the time left for an order', async () => {
    const busy = await waitingOrder('cityscape.dumping', offset(P, 260, 10));
    await harness.caller(alice).dispatch.assign({ orderId: busy.id, unitIds: [u.E280], expectedVersion: busy.version });
    const order = await waitingOrder('sanitation.road_cleaning', P);
    const result = await harness.caller(alice).dispatch.candidates({ orderId: order.id, unitKinds: ['handler'] });
    expect(result.candidates.map((c) => c.code)).toEqual(['N300', 'W500', 'S900', 'E280']);
    const e280 = result.candidates.find((c) => c.code === 'E280')!;
    expect(e280.load).toBe(1);
    expect(e280.effectiveMinutes).toBeCloseTo(e280.etaMinutes + 20, 0);
    expect(result.team).toBe(WEST.code);
    expect(result.candidates[0].sameTeam).toBe(true);
    // Level 3: 4 h to respond.
    expect(result.candidates[0].slackMinutes).toBeCloseTo(240 - result.candidates[0].effectiveMinutes, 0);
  });

  it('lets exactly one of two dispatchers assign the same order at once; the other is told who', async () => {
    for (let round = 0; round < 5; round++) {
      const order = await waitingOrder('sanitation.toilet_cleaning', [121.4305, 31.2105 + round * 0.001]);
      const results = await Promise.allSettled([
        harness.caller(alice).dispatch.assign({ orderId: order.id, unitIds: [u.TOILET1], expectedVersion: order.version }),
        harness.caller(bob).dispatch.assign({ orderId: order.id, unitIds: [u.TOILET2], expectedVersion: order.version }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won, `round ${round}`).toHaveLength(1);
      expect(lost).toHaveLength(1);
      const winner = results[0].status === 'fulfilled' ? alice : bob;
      const winningUnit = winner === alice ? 'TOILET1' : 'TOILET2';
      expect(lost[0].reason).toMatchObject({
        code: 'CONFLICT',
        cause: {
          messageKey: 'dispatch.error.alreadyAssigned',
          params: expect.objectContaining({ by: winner.displayName, role: 'dispatcher', units: winningUnit }),
        },
      });
      const detail = await harness.hub.orders.detail(order.id);
      expect(detail.timeline.filter((e) => e.action === 'dispatch')).toHaveLength(1);
      expect(detail.assignments.map((a) => a.unitCode)).toEqual([winningUnit]);
      expect(detail.order.version).toBe(order.version + 1);
      // Free both units for the next round.
      await harness.caller(winner).orders.transition({ orderId: order.id, action: 'recall', note: '测试结束' });
    }
  });

  it('sends several units to one incident, each recorded, and refuses a unit twice or one that cannot go', async () => {
    const order = await waitingOrder('cityscape.dumping', offset(P, -100, -100));
    const first = await harness
      .caller(alice)
      .dispatch.assign({ orderId: order.id, unitIds: [u.W500, u.S900], expectedVersion: order.version, note: '大量堆物，两组处置' });
    expect(first.status).toBe('dispatched');
    await expect(
      harness.caller(bob).dispatch.assign({ orderId: order.id, unitIds: [u.W500], expectedVersion: first.version }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: { messageKey: 'dispatch.error.unitAlreadyOnOrder' },
    });
    await expect(
      harness.caller(bob).dispatch.assign({ orderId: order.id, unitIds: [u.OFF40], expectedVersion: first.version }),
    ).rejects.toMatchObject({
      cause: { messageKey: 'dispatch.error.unitUnavailable', params: { unit: 'OFF40' } },
    });
    await expect(
      harness.caller(bob).dispatch.assign({ orderId: order.id, unitIds: [999_999], expectedVersion: first.version }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const more = await harness.caller(bob).dispatch.assign({ orderId: order.id, unitIds: [u.N300], expectedVersion: first.version });
    expect(more.status).toBe('dispatched');
    const detail = await harness.hub.orders.detail(order.id);
    expect(detail.assignments.map((a) => [a.unitCode, a.role, a.status])).toEqual([
      ['W500', 'lead', 'active'],
      ['S900', 'support', 'active'],
      ['N300', 'support', 'active'],
    ]);
    expect(detail.timeline.map((e) => e.action)).toEqual(['create', 'review', 'approve', 'dispatch', 'add_unit']);
    expect(detail.timeline[3]).toMatchObject({
      actorName: '甲调度',
      note: '大量堆物，两组处置',
      detail: { automatic: false, units: [{ code: 'W500' }, { code: 'S900' }] },
    });
    expect(detail.timeline[4]).toMatchObject({ actorName: '乙调度', detail: { units: [{ code: 'N300', load: 0 }] } });
  });

  it('writes nothing when an assignment is refused', async () => {
    const before = [await countRows(database.db, 'order_events'), await countRows(database.db, 'order_assignments')];
    const order = await waitingOrder('cityscape.dumping', offset(P, -300, 300));
    const after = [await countRows(database.db, 'order_events'), await countRows(database.db, 'order_assignments')];
    await expect(
      harness.caller(alice).dispatch.assign({ orderId: order.id, unitIds: [u.N300, u.OFF40], expectedVersion: order.version }),
    ).rejects.toThrow();
    await expect(
      harness.caller(alice).dispatch.assign({ orderId: order.id, unitIds: [u.N300], expectedVersion: order.version + 7 }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect([await countRows(database.db, 'order_events'), await countRows(database.db, 'order_assignments')]).toEqual(after);
    expect(after[0] - before[0]).toBe(3); // create, review, approve
  });

  it.runIf(dialect === 'postgres')('plans the nearest-unit query once per connection, on the partial indexes', async () => {
    const { reused, plan } = await database.db.connection().execute(async (connection) => {
      for (let i = 0; i < 8; i++) {
        const rows = await findNearestUnits(connection, { at: offset(P, i * 10, 0), kinds: ['handler', 'sweeper'], k: 17 });
        expect(rows.map((r) => r.code)).toContain('E280');
      }
      const { rows } = await sql<{ name: string; generic_plans: number; parameters: number }>`
        SELECT name, generic_plans, cardinality(parameter_types) AS parameters FROM pg_prepared_statements WHERE statement LIKE '%limit 17%'`.execute(
        connection,
      );
      expect(rows).toHaveLength(1);
      // The reused plan, as PostgreSQL keeps it (every parameter is a coordinate: lng, lat, lng, lat …). With
      // sequential scans priced out, it shows which indexes a plan made without the values can use.
      await sql`SET enable_seqscan = off`.execute(connection);
      const coordinates = Array.from({ length: rows[0].parameters }, (_, i) => P[i % 2]).join(', ');
      const explained = await sql.raw<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE ${rows[0].name}(${coordinates})`).execute(connection);
      await sql`RESET enable_seqscan`.execute(connection);
      return { reused: rows[0].generic_plans, plan: explained.rows.map((r) => r['QUERY PLAN']).join('\n') };
    });
    // PostgreSQL plans the first five executions with their values, then keeps the generic plan if it is as good.
    expect(reused).toBeGreaterThanOrEqual(3);
    // Only when the partial indexes' predicates are in the text, not bound, can that plan use them.
    expect(plan).toContain('units_geom_handler_idx');
    expect(plan).toContain('units_geom_sweeper_idx');
    expect(plan).toContain('order_assignments_active_uq');
  });

  it('refuses a unit kind it does not know rather than write it into SQL', async () => {
    await expect(findNearestUnits(database.db, { at: P, kinds: ["handler' OR 1=1 --" as never], k: 16 })).rejects.toThrow(
      /unknown unit kind/,
    );
  });
});
