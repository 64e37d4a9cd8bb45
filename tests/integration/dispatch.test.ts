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
  let duty: SessionUser;
  let leader: SessionUser;

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
    duty = await insertUser(database.db, 'duty', '值班长', 'duty_officer');
    leader = await insertUser(database.db, 'leader', '领导', 'leader');
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
    // 权责不清: answered with no candidates and the request to choose kinds, not refused (the screen says so).
    expect(await harness.caller(alice).dispatch.candidates({ lng: P[0], lat: P[1], categoryCode: 'other.unclear' })).toMatchObject({
      needsUnitKinds: true,
      unitKinds: [],
      candidates: [],
    });
    expect(byCategory.needsUnitKinds).toBe(false);
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

  describe('follow-ups once a unit has the order: 改派, 催办, 督办, 撤回', () => {
    let phoneW: SessionUser;
    let phoneN: SessionUser;
    beforeAll(async () => {
      phoneW = await insertUser(database.db, 'w500', '吴师傅', 'field_unit', u.W500);
      phoneN = await insertUser(database.db, 'n300', '钮师傅', 'field_unit', u.N300);
    });

    /** An order dispatched to W500, accepted and started on its phone: 处置中. */
    async function inProgressWithW500(at: LngLat) {
      const order = await waitingOrder('cityscape.dumping', at);
      const sent = await harness.caller(alice).dispatch.assign({ orderId: order.id, unitIds: [u.W500], expectedVersion: order.version });
      const accepted = await harness
        .caller(phoneW)
        .orders.transition({ orderId: order.id, action: 'accept', expectedVersion: sent.version });
      return harness.caller(phoneW).orders.transition({ orderId: order.id, action: 'start', expectedVersion: accepted.version });
    }
    const noticesFrom = (start: number) => harness.notices.slice(start);

    it('reassigns an order in progress with a reason: the old unit loses it and is told, the new unit gets it to accept', async () => {
      const order = await inProgressWithW500(offset(P, 150, 150));
      expect(order.status).toBe('in_progress');
      const reassign = (user: SessionUser, input: Partial<{ unitIds: number[]; note: string; expectedVersion: number }> = {}) =>
        harness.caller(user).dispatch.reassign({
          orderId: order.id,
          unitIds: [u.N300],
          expectedVersion: order.version,
          note: '原处置人员车辆故障',
          ...input,
        });
      // Refused: no reason, the same unit, a field unit, a leader; nothing is written.
      const events = await countRows(database.db, 'order_events');
      await expect(reassign(alice, { note: '  ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(reassign(alice, { unitIds: [u.W500] })).rejects.toMatchObject({
        cause: { messageKey: 'dispatch.error.reassignSameUnits', params: { unit: 'W500' } },
      });
      await expect(reassign(phoneW)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(reassign(leader)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await countRows(database.db, 'order_events')).toBe(events);
      // The refusal is in the audit log: who tried to reassign which order, and why not.
      const audited = await database.db
        .selectFrom('audit_log')
        .select(['actor_username', 'outcome', 'detail'])
        .where('action', '=', 'orders.reassign')
        .where('target', '=', String(order.id))
        .execute();
      expect(audited).toContainEqual(
        expect.objectContaining({ actor_username: '甲调度', outcome: 'denied', detail: { reason: 'dispatch.error.reassignSameUnits' } }),
      );

      const seen = harness.notices.length;
      const moved = await reassign(alice);
      expect(moved).toMatchObject({ status: 'dispatched', version: order.version + 1 });
      // The old unit's phone is told it was withdrawn; the new unit's phone gets the task.
      expect(noticesFrom(seen)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'order:told', kind: 'withdrawn', unitIds: [u.W500], by: '甲调度', note: '原处置人员车辆故障' }),
          expect.objectContaining({ type: 'order:assigned', unitIds: [u.N300] }),
        ]),
      );
      const detail = await harness.hub.orders.detail(order.id);
      expect(detail.assignments.map((a) => [a.unitCode, a.role, a.status])).toEqual([
        ['W500', 'lead', 'released'],
        ['N300', 'lead', 'active'],
      ]);
      expect(detail.timeline.at(-1)).toMatchObject({
        action: 'reassign',
        actorName: '甲调度',
        actorRole: 'dispatcher',
        from: 'in_progress',
        to: 'dispatched',
        note: '原处置人员车辆故障',
      });
      // The old unit can no longer see or work the order; the new one accepts it.
      await expect(harness.caller(phoneW).orders.myTask({ id: order.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(
        harness.caller(phoneW).orders.transition({ orderId: order.id, action: 'accept', expectedVersion: moved.version }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN', cause: { messageKey: 'orders.error.notAssigned' } });
      expect((await harness.caller(phoneN).orders.mine()).map((o) => o.id)).toContain(order.id);
      const accepted = await harness
        .caller(phoneN)
        .orders.transition({ orderId: order.id, action: 'accept', expectedVersion: moved.version });
      expect(accepted.status).toBe('accepted');
      // The queue: each row names the unit on it now; searching by unit, code or receipt time finds it.
      expect(moved.units.map((x) => x.code)).toEqual(['N300']);
      const byUnit = await harness.caller(alice).orders.list({ unitText: 'n300' });
      expect(byUnit.find((o) => o.id === order.id)?.units).toEqual([expect.objectContaining({ code: 'N300' })]);
      expect((await harness.caller(alice).orders.list({ unitText: 'W500' })).map((o) => o.id)).not.toContain(order.id);
      expect((await harness.caller(alice).orders.list({ text: order.code })).map((o) => o.id)).toEqual([order.id]);
      const later = new Date(clock.now().getTime() + 60_000);
      expect((await harness.caller(alice).orders.list({ receivedFrom: later })).map((o) => o.id)).not.toContain(order.id);
      expect((await harness.caller(alice).orders.list({ receivedFrom: clock.now() })).map((o) => o.id)).toContain(order.id);
    });

    it('lets exactly one of two reassignments of the same version win', async () => {
      const order = await inProgressWithW500(offset(P, -150, 150));
      const results = await Promise.allSettled([
        harness.caller(alice).dispatch.reassign({ orderId: order.id, unitIds: [u.N300], expectedVersion: order.version, note: '甲改派' }),
        harness.caller(bob).dispatch.reassign({ orderId: order.id, unitIds: [u.S900], expectedVersion: order.version, note: '乙改派' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });
      const active = (await harness.hub.orders.detail(order.id)).assignments.filter((a) => a.status === 'active');
      expect(active).toHaveLength(1);
    });

    it('催办: a dispatcher or the duty officer reminds the unit, whose phone is told; a leader or a unit cannot', async () => {
      const order = await inProgressWithW500(offset(P, 150, -150));
      const seen = harness.notices.length;
      const reminded = await harness.caller(alice).orders.transition({ orderId: order.id, action: 'remind', note: '居民再次来电' });
      expect(reminded).toMatchObject({ status: 'in_progress', version: order.version + 1 });
      const again = await harness.caller(duty).orders.transition({ orderId: order.id, action: 'remind' });
      expect(noticesFrom(seen).filter((n) => n.type === 'order:told')).toEqual([
        expect.objectContaining({ kind: 'remind', unitIds: [u.W500], by: '甲调度', note: '居民再次来电' }),
        expect.objectContaining({ kind: 'remind', unitIds: [u.W500], by: '值班长', note: null }),
      ]);
      await expect(harness.caller(leader).orders.transition({ orderId: order.id, action: 'remind' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(harness.caller(phoneW).orders.transition({ orderId: order.id, action: 'remind' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      const waiting = await waitingOrder('cityscape.dumping', offset(P, 50, 50));
      await expect(harness.caller(alice).orders.transition({ orderId: waiting.id, action: 'remind' })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      const timeline = (await harness.hub.orders.detail(order.id)).timeline;
      expect(timeline.filter((e) => e.action === 'remind').map((e) => [e.actorName, e.actorRole])).toEqual([
        ['甲调度', 'dispatcher'],
        ['值班长', 'duty_officer'],
      ]);
      expect(again.version).toBe(order.version + 2);
    });

    it('督办: the duty officer or a leader escalates with a reason and a date; the unit is told; a dispatcher cannot', async () => {
      const order = await inProgressWithW500(offset(P, -150, -150));
      const dueBy = new Date(clock.now().getTime() + 2 * 3600_000);
      const escalate = (user: SessionUser, input: { note?: string; dueBy?: Date } = {}) =>
        harness.caller(user).orders.transition({ orderId: order.id, action: 'escalate', note: '限时办结', dueBy, ...input });
      await expect(escalate(alice)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(escalate(phoneW)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(escalate(leader, { note: '' })).rejects.toMatchObject({ cause: { messageKey: 'orders.error.reasonRequired' } });
      await expect(escalate(leader, { dueBy: new Date(clock.now().getTime() - 60_000) })).rejects.toMatchObject({
        cause: { messageKey: 'orders.error.dueBy' },
      });
      const seen = harness.notices.length;
      const escalated = await escalate(leader);
      expect(escalated).toMatchObject({ status: 'in_progress', escalationLevel: 0 });
      await escalate(duty, { note: '值班长督办' });
      expect(noticesFrom(seen).filter((n) => n.type === 'order:told')).toEqual([
        expect.objectContaining({ kind: 'escalate', unitIds: [u.W500], by: '领导', dueBy: dueBy.getTime(), note: '限时办结' }),
        expect.objectContaining({ kind: 'escalate', unitIds: [u.W500], by: '值班长', note: '值班长督办' }),
      ]);
      const entry = (await harness.hub.orders.detail(order.id)).timeline.find((e) => e.action === 'escalate');
      expect(entry).toMatchObject({ actorName: '领导', actorRole: 'leader', note: '限时办结', detail: { byRole: 'leader' } });
    });

    it('撤回 an accepted order: its unit loses it and is told; the order waits for dispatch again', async () => {
      const order = await waitingOrder('cityscape.dumping', offset(P, 220, -60));
      const sent = await harness.caller(alice).dispatch.assign({ orderId: order.id, unitIds: [u.W500], expectedVersion: order.version });
      const accepted = await harness
        .caller(phoneW)
        .orders.transition({ orderId: order.id, action: 'accept', expectedVersion: sent.version });
      await expect(
        harness.caller(alice).orders.transition({ orderId: order.id, action: 'recall', expectedVersion: accepted.version }),
      ).rejects.toMatchObject({ cause: { messageKey: 'orders.error.reasonRequired' } });
      const seen = harness.notices.length;
      const recalled = await harness
        .caller(alice)
        .orders.transition({ orderId: order.id, action: 'recall', expectedVersion: accepted.version, note: '重复工单' });
      expect(recalled.status).toBe('awaiting_dispatch');
      expect(noticesFrom(seen)).toContainEqual(expect.objectContaining({ type: 'order:told', kind: 'withdrawn', unitIds: [u.W500] }));
      expect((await harness.caller(phoneW).orders.mine()).map((o) => o.id)).not.toContain(order.id);
    });
  });
});
