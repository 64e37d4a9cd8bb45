/**
 * Work orders end to end through the real tRPC routers on a freshly migrated database in each dialect: intake →
 * automatic check → automatic dispatch → accept → start → complete with evidence → check and close, with the
 * timeline; special orders held for a person; refusals; returns, extensions, voids and reopenings; the
 * deadline watch escalating an overdue order under a controllable clock; versioned dispatch rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/auth/auth.service';
import { ManualClock } from '@/server/clock';
import { upsertTimeLimitOverride } from '@/server/orders/categories.repository';
import { type LngLat, stPoint } from '@/db/st';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import {
  EAST,
  type HubHarness,
  hubHarness,
  insertSubDistricts,
  insertUnits,
  insertUser,
  ledger,
  offset,
  photoHash,
  WEST,
} from './orders-fixture';

const START = '2026-11-22T02:00:00Z'; // 10:00 in Shanghai
/** Inside the west sub-district, about 480 m from the border with the east one. */
const INCIDENT: [number, number] = [121.415, 31.21];
const photo = (n: number, purpose: 'before' | 'after' | 'report' = 'after') => ({
  contentHash: photoHash(n),
  mediaType: 'image/jpeg',
  byteSize: 200_000,
  purpose,
});

describe.each(dialects)('work orders on %s', (dialect) => {
  let database: TestDatabase;
  let harness: HubHarness;
  const clock = new ManualClock(START);
  let units: Record<string, number>;
  let dispatcher: SessionUser;
  let duty: SessionUser;
  let leader: SessionUser;
  let fieldL1: SessionUser;
  let fieldL2: SessionUser;
  let admin: SessionUser;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await insertSubDistricts(database.db);
    units = await insertUnits(database.db, [
      { code: 'L1', kind: 'lighting_repair', subDistrictCode: WEST.code, at: offset(INCIDENT, -200, 0) },
      { code: 'L2', kind: 'lighting_repair', subDistrictCode: WEST.code, at: offset(INCIDENT, 0, 600) },
      { code: 'L3', kind: 'lighting_repair', subDistrictCode: EAST.code, at: offset(INCIDENT, 620, 0) },
      { code: 'H1', kind: 'handler', subDistrictCode: WEST.code, at: offset(INCIDENT, 50, 50) },
    ]);
    dispatcher = await insertUser(database.db, 'disp', '王调度', 'dispatcher');
    duty = await insertUser(database.db, 'duty', '李值班', 'duty_officer');
    leader = await insertUser(database.db, 'lead', '张领导', 'leader');
    fieldL1 = await insertUser(database.db, 'l1', '赵师傅', 'field_unit', units.L1);
    fieldL2 = await insertUser(database.db, 'l2', '钱师傅', 'field_unit', units.L2);
    admin = await insertUser(database.db, 'sys', '系统管理员', 'system_admin');
    harness = hubHarness(database, clock);
  });
  afterAll(() => database?.drop());

  /** The field user whose unit the order went to, and one whose unit it did not. */
  async function handlers(orderId: number): Promise<{ handler: SessionUser; other: SessionUser }> {
    const unitId = (await harness.hub.orders.detail(orderId)).assignments.find((a) => a.status === 'active')?.unitId;
    if (unitId === units.L1) return { handler: fieldL1, other: fieldL2 };
    if (unitId === units.L2) return { handler: fieldL2, other: fieldL1 };
    throw new Error(`order ${orderId} went to unit ${unitId}, not L1 or L2`);
  }

  const intake = (over: Record<string, unknown> = {}) =>
    harness.caller(dispatcher).orders.create({
      source: 'hotline_12345',
      categoryCode: 'lighting.not_lit',
      description: '路灯不亮，整条人行道一片漆黑',
      address: '长宁区某路100号',
      location: { lng: INCIDENT[0], lat: INCIDENT[1] },
      ...over,
    } as Parameters<ReturnType<HubHarness['caller']>['orders']['create']>[0]);

  it('takes a 12345 ticket from intake to close, every step on the timeline', async () => {
    clock.set(START);
    const created = await intake({ externalRef: '12345-20261122-0001', urgency: 'high', reporterPhone: '13800000000' });
    expect(created.created).toBe(true);
    expect(created.automatic).toMatchObject({ outcome: 'dispatched', unitId: units.L1 });
    const order = created.order;
    expect(order.code).toBe('LR20261122-000001');
    expect(order.status).toBe('dispatched');
    expect(order.subDistrictCode).toBe(WEST.code);
    expect(order.priority).toBe(2); // urgency "high" → level 2 by the rules
    expect(order.respondBy).toEqual(new Date('2026-11-22T04:00:00Z')); // level 2: 2 h / 8 h
    expect(order.resolveBy).toEqual(new Date('2026-11-22T10:00:00Z'));

    const mine = await harness.caller(fieldL1).orders.mine();
    expect(mine.map((o) => o.id)).toEqual([order.id]);
    expect(await harness.caller(fieldL2).orders.mine()).toEqual([]);

    clock.advanceMinutes(5);
    const accepted = await harness
      .caller(fieldL1)
      .orders.transition({ orderId: order.id, action: 'accept', expectedVersion: order.version });
    expect(accepted.status).toBe('accepted');
    expect(accepted.respondedAt).toEqual(clock.now());
    clock.advanceMinutes(15);
    await harness.caller(fieldL1).orders.transition({ orderId: order.id, action: 'start', attachments: [photo(1, 'before')] });
    clock.advanceMinutes(40);
    await expect(harness.caller(fieldL1).orders.transition({ orderId: order.id, action: 'complete', note: '已更换灯泡' })).rejects.toThrow(
      /evidence/,
    );
    const done = await harness
      .caller(fieldL1)
      .orders.transition({ orderId: order.id, action: 'complete', note: '已更换灯泡', attachments: [photo(2), photo(3)] });
    expect(done.status).toBe('awaiting_check');
    expect(done.clock.name).toBeNull(); // the clocks stop while the work waits for the check
    clock.advanceMinutes(10);
    const closed = await harness
      .caller(dispatcher)
      .orders.transition({ orderId: order.id, action: 'close', note: '现场照片核查合格', expectedVersion: done.version });
    expect(closed.status).toBe('closed');

    expect(await ledger(database.db, order.id)).toEqual([
      'create:∅→received',
      'review:received→reviewing',
      'approve:reviewing→awaiting_dispatch',
      'dispatch:awaiting_dispatch→dispatched',
      'accept:dispatched→accepted',
      'start:accepted→in_progress',
      'complete:in_progress→awaiting_check',
      'close:awaiting_check→closed',
    ]);
    const detail = await harness.caller(leader).orders.get({ code: order.code });
    const byAction = Object.fromEntries(detail.timeline.map((e) => [e.action, e]));
    expect(byAction.create.actorName).toBe('王调度');
    expect(byAction.review).toMatchObject({ actorName: '系统', actorRole: 'system' });
    expect(byAction.approve.detail).toMatchObject({
      automatic: true,
      rulesVersion: 1,
      checks: { category: 'lighting.not_lit', unitKinds: ['lighting_repair'], subDistrict: WEST.code },
    });
    expect(byAction.dispatch.detail).toMatchObject({
      automatic: true,
      units: [{ code: 'L1', distanceM: expect.closeTo(200, -1) }],
      why: { team: WEST.code, chosen: { code: 'L1' }, runnersUp: [{ code: 'L2' }] },
    });
    expect(byAction.accept).toMatchObject({ actorName: '赵师傅', actorRole: 'field_unit', at: new Date('2026-11-22T02:05:00Z') });
    expect(byAction.complete.attachmentIds).toHaveLength(2);
    expect(byAction.close).toMatchObject({ actorName: '王调度', note: '现场照片核查合格' });
    expect(detail.attachments.map((a) => a.purpose)).toEqual(['before', 'after', 'after']);
    expect(detail.assignments).toEqual([expect.objectContaining({ unitCode: 'L1', role: 'lead', status: 'done' })]);
    expect(detail.order.version).toBe(8);
    expect(
      harness.notices
        .filter((n) => n.type === 'order:changed' && n.orderId === order.id)
        .map((n) => n.type === 'order:changed' && n.status),
    ).toEqual(['received', 'reviewing', 'awaiting_dispatch', 'dispatched', 'accepted', 'in_progress', 'awaiting_check', 'closed']);
    expect(harness.notices).toContainEqual(expect.objectContaining({ type: 'order:assigned', orderId: order.id, unitIds: [units.L1] }));

    // The caller's number is for those who call back: the dispatcher sees it, the leader and every live notice don't.
    expect(detail.order.reporterPhone).toBe('138****0000');
    expect((await harness.caller(dispatcher).orders.get({ code: order.code })).order.reporterPhone).toBe('13800000000');
    expect((await harness.caller(leader).orders.list({})).find((o) => o.code === order.code)?.reporterPhone).toBe('138****0000');
    const heard = harness.notices.filter((n) => n.type === 'order:changed' && n.orderId === order.id);
    expect(heard.every((n) => n.type === 'order:changed' && !JSON.stringify(n.view).includes('13800000000'))).toBe(true);
  });

  it('takes the same 12345 ticket only once', async () => {
    const again = await intake({ externalRef: '12345-20261122-0001', urgency: 'high' });
    expect(again.created).toBe(false);
    expect(again.order.code).toBe('LR20261122-000001');
    const twice = await Promise.all([intake({ externalRef: '12345-RACE' }), intake({ externalRef: '12345-RACE' })]);
    expect(twice.filter((r) => r.created)).toHaveLength(1);
    expect(twice[0].order.id).toBe(twice[1].order.id);
  });

  it('labels an order located without an address with the nearest 门牌 within 300 m, and gives phones those landmarks', async () => {
    const at = (point: LngLat, address: string) => ({
      name: address,
      address,
      road: null,
      house_number: null,
      sub_district_code: WEST.code,
      geom: stPoint(point),
    });
    await database.db
      .insertInto('addresses')
      .values([
        at(offset(INCIDENT, 120, 0), '长宁区试验路120号'),
        at(offset(INCIDENT, -90, 40), '长宁区试验路88号'),
        at(offset(INCIDENT, 0, -2000), '长宁区远处路1号'),
      ])
      .execute();
    const picked = await intake({ address: null });
    expect(picked.order.address).toBe('长宁区试验路88号附近');
    expect((await intake({ address: '居民说在小区后门' })).order.address).toBe('居民说在小区后门');
    // 1 km from every 门牌: no label is better than a wrong one.
    expect(
      (await intake({ address: null, location: { lng: offset(INCIDENT, 0, 1000)[0], lat: offset(INCIDENT, 0, 1000)[1] } })).order.address,
    ).toBeNull();
    // The same places are a phone's landmarks: nearest first, within the radius asked; not for roles without a map.
    const near = await harness.caller(fieldL1).map.addressesNear({ lng: INCIDENT[0], lat: INCIDENT[1], radiusM: 300 });
    expect(near.map((p) => p.address)).toEqual(['长宁区试验路88号', '长宁区试验路120号']);
    expect(Math.abs(near[0].distanceM - Math.hypot(90, 40))).toBeLessThanOrEqual(2);
    expect(Math.abs(near[1].distanceM - 120)).toBeLessThanOrEqual(2);
    const clerk = await insertUser(database.db, 'fees', '收费员', 'fee_clerk');
    await expect(harness.caller(clerk).map.addressesNear({ lng: INCIDENT[0], lat: INCIDENT[1] })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('holds special orders for a person, with the reason, and lets a person decide', async () => {
    const outside = await intake({ location: { lng: 121.3, lat: 31.21 } });
    expect(outside.order).toMatchObject({ status: 'reviewing', subDistrictCode: null, reviewReasons: [{ code: 'outside_district' }] });

    const border = await intake({ location: { lng: offset([WEST.bbox[2], 31.205], -20, 0)[0], lat: 31.205 } });
    expect(border.order.status).toBe('reviewing');
    expect(border.order.reviewReasons).toEqual([
      { code: 'near_border', neighbour: EAST.name, neighbourCode: EAST.code, meters: expect.closeTo(20, 0) },
    ]);

    const noCategory = await intake({ categoryCode: null, location: { lng: 121.405, lat: 31.205 } });
    expect(noCategory.order.reviewReasons).toEqual([{ code: 'missing_category' }]);
    const unclear = await intake({ categoryCode: 'other.unclear', location: { lng: 121.405, lat: 31.215 } });
    expect(unclear.order.reviewReasons).toEqual([{ code: 'manual_category', category: 'other.unclear' }]);
    const duplicate = await intake({ location: { lng: INCIDENT[0] + 0.0001, lat: INCIDENT[1] }, categoryCode: 'lighting.damaged' });
    const duplicate2 = await intake({ location: { lng: INCIDENT[0] + 0.0002, lat: INCIDENT[1] }, categoryCode: 'lighting.damaged' });
    expect(duplicate.order.status).toBe('dispatched');
    expect(duplicate2.order.reviewReasons).toEqual([{ code: 'possible_duplicate', order: duplicate.order.code, meters: 10 }]);

    const held = await harness.caller(dispatcher).orders.get({ id: border.order.id });
    expect(held.timeline.at(-1)).toMatchObject({ action: 'hold', to: 'reviewing', detail: { reasons: [{ code: 'near_border' }] } });

    // The dispatcher decides the east team answers for it, then sends the nearest unit by hand.
    const approved = await harness
      .caller(dispatcher)
      .orders.transition({ orderId: border.order.id, action: 'approve', corrections: { subDistrictCode: EAST.code, priority: 1 } });
    expect(approved).toMatchObject({ status: 'awaiting_dispatch', subDistrictCode: EAST.code, priority: 1, reviewReasons: [] });
    expect(approved.resolveBy.getTime() - approved.receivedAt.getTime()).toBe(4 * 3_600_000);
    const candidates = await harness.caller(dispatcher).dispatch.candidates({ orderId: border.order.id });
    expect(candidates.team).toBe(EAST.code);
    const sent = await harness
      .caller(dispatcher)
      .dispatch.assign({ orderId: border.order.id, unitIds: [candidates.candidates[0].unitId], expectedVersion: approved.version });
    expect(sent.status).toBe('dispatched');
  });

  it('refuses what the lifecycle does not allow, with a clear message', async () => {
    const { order } = await intake({ location: { lng: 121.405, lat: 31.217 } });
    expect(order.status).toBe('dispatched');
    const { handler, other } = await handlers(order.id);
    await expect(harness.caller(dispatcher).orders.transition({ orderId: order.id, action: 'close' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'The order cannot go from 已派单 dispatched to 已办结 closed (close)',
      cause: { messageKey: 'orders.error.transitionRefused', params: expect.objectContaining({ fromZh: '已派单', toZh: '已办结' }) },
    });
    await expect(harness.caller(dispatcher).orders.transition({ orderId: order.id, action: 'accept' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(harness.caller(other).orders.transition({ orderId: order.id, action: 'accept' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      cause: { messageKey: 'orders.error.notAssigned' },
    });
    await expect(harness.caller(other).orders.myTask({ id: order.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await harness.caller(handler).orders.myTask({ id: order.id })).order.id).toBe(order.id);
    await expect(harness.caller(admin).orders.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(harness.caller(admin).orders.transition({ orderId: order.id, action: 'void', note: 'x' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(harness.caller(dispatcher).orders.transition({ orderId: order.id, action: 'dispatch' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(intake({ categoryCode: 'lighting.no_such_thing' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: { messageKey: 'orders.error.unknownCategory' },
    });
    await expect(intake({ description: '   ' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('describe the problem'),
    });
    await expect(
      harness.caller(handler).orders.transition({
        orderId: order.id,
        action: 'complete',
        attachments: [{ ...photo(9), mediaType: 'application/x-msdownload' }],
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('mediaType') });
    // Nothing half-written: the refused commands left no trace.
    expect(await ledger(database.db, order.id)).toHaveLength(4);
  });

  it('tells a writer with a stale version who changed the order, and no one without the right', async () => {
    const { order } = await intake({ location: { lng: 121.405, lat: 31.219 } });
    const { handler } = await handlers(order.id);
    await harness.caller(handler).orders.transition({ orderId: order.id, action: 'accept', expectedVersion: order.version });
    await expect(
      harness.caller(handler).orders.transition({ orderId: order.id, action: 'start', expectedVersion: order.version }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: {
        messageKey: 'orders.error.conflict',
        params: expect.objectContaining({ by: handler.displayName, role: 'field_unit', action: 'accept' }),
      },
    });
    // Someone without the right is refused for that, before hearing who holds the order.
    const refused = harness.caller(dispatcher).orders.transition({ orderId: order.id, action: 'start', expectedVersion: order.version });
    await expect(refused).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(refused).rejects.not.toMatchObject({ message: expect.stringContaining(handler.displayName) });
  });

  it('returns an order to the dispatcher with the reason, and it can be sent again', async () => {
    const { order } = await intake({ location: { lng: 121.405, lat: 31.203 } });
    const { handler, other } = await handlers(order.id);
    await expect(harness.caller(handler).orders.transition({ orderId: order.id, action: 'return' })).rejects.toThrow(/reason/);
    const returned = await harness
      .caller(handler)
      .orders.transition({ orderId: order.id, action: 'return', note: '该灯杆属市政路灯所，不归我方' });
    expect(returned.status).toBe('returned');
    const detail = await harness.caller(dispatcher).orders.get({ id: order.id });
    expect(detail.assignments[0].status).toBe('released');
    expect(detail.timeline.at(-1)).toMatchObject({
      action: 'return',
      note: '该灯杆属市政路灯所，不归我方',
      from: 'dispatched',
      to: 'returned',
    });
    const again = await harness
      .caller(dispatcher)
      .dispatch.assign({ orderId: order.id, unitIds: [other.unitId!], expectedVersion: returned.version });
    expect(again.status).toBe('dispatched');
  });

  it('moves the deadline when an extension is approved, not when it is rejected', async () => {
    const { order } = await intake({ location: { lng: 121.403, lat: 31.212 } });
    const { handler } = await handlers(order.id);
    await harness.caller(handler).orders.transition({ orderId: order.id, action: 'accept' });
    await expect(
      harness
        .caller(handler)
        .orders.transition({ orderId: order.id, action: 'request_extension', note: '需要高空车', extensionMinutes: 0 }),
    ).rejects.toThrow(/1 minute to 7 days/);
    await harness
      .caller(handler)
      .orders.transition({ orderId: order.id, action: 'request_extension', note: '需要高空车', extensionMinutes: 120 });
    await expect(
      harness.caller(handler).orders.transition({ orderId: order.id, action: 'request_extension', note: '再等等', extensionMinutes: 60 }),
    ).rejects.toMatchObject({
      cause: { messageKey: 'orders.error.extensionPending' },
    });
    const approved = await harness.caller(dispatcher).orders.transition({ orderId: order.id, action: 'approve_extension' });
    expect(approved.resolveBy.getTime() - order.resolveBy.getTime()).toBe(120 * 60_000);
    await harness
      .caller(handler)
      .orders.transition({ orderId: order.id, action: 'request_extension', note: '再等等', extensionMinutes: 60 });
    const rejected = await harness
      .caller(dispatcher)
      .orders.transition({ orderId: order.id, action: 'reject_extension', note: '不予延期' });
    expect(rejected.resolveBy).toEqual(approved.resolveBy);
    const detail = await harness.caller(dispatcher).orders.get({ id: order.id });
    expect(detail.extensions.map((x) => [x.minutes, x.status])).toEqual([
      [120, 'approved'],
      [60, 'rejected'],
    ]);
  });

  it('voids a duplicate with its reason and reopens it with fresh limits', async () => {
    const held = await intake({ location: { lng: 121.3, lat: 31.2 } });
    clock.advanceMinutes(30);
    await expect(harness.caller(dispatcher).orders.transition({ orderId: held.order.id, action: 'void' })).rejects.toThrow(/reason/);
    const voided = await harness.caller(dispatcher).orders.transition({ orderId: held.order.id, action: 'void', note: '重复工单' });
    expect(voided.status).toBe('voided');
    clock.advanceMinutes(30);
    const reopened = await harness.caller(duty).orders.transition({ orderId: held.order.id, action: 'reopen', note: '市民再次来电' });
    expect(reopened.status).toBe('awaiting_dispatch');
    expect(reopened.respondBy.getTime() - clock.now().getTime()).toBe(4 * 3_600_000);
    expect(reopened.receivedAt).toEqual(held.order.receivedAt);
  });

  it('escalates an overdue order up the chain as the clock runs, once per step', async () => {
    clock.set('2026-11-22T06:00:00Z');
    // Nobody on shift in the east team handles pruning: the order waits for dispatch while its clock runs.
    const { order, automatic } = await intake({ categoryCode: 'greening.pruning', priority: 1, location: { lng: 121.43, lat: 31.21 } });
    expect(automatic).toEqual({ outcome: 'no_unit' });
    expect(order).toMatchObject({ status: 'awaiting_dispatch', reviewReasons: [{ code: 'no_unit_available', team: EAST.code }] });
    const sweep = () => harness.hub.deadlines.sweep();

    clock.advanceMinutes(47);
    await sweep();
    expect((await harness.hub.orders.view(order.id)).deadlineState).toBe('ok');
    clock.advanceMinutes(1); // 48 of 60 minutes
    await sweep();
    expect((await harness.hub.orders.view(order.id)).deadlineState).toBe('nearing');
    clock.advanceMinutes(12);
    await sweep();
    await sweep(); // a second sweep at the same moment records nothing new
    expect(await harness.hub.orders.view(order.id)).toMatchObject({ deadlineState: 'overdue', escalationLevel: 1 });
    clock.advanceMinutes(60);
    await sweep();
    expect((await harness.hub.orders.view(order.id)).escalationLevel).toBe(2);
    clock.advanceMinutes(60);
    await sweep();
    expect((await harness.hub.orders.view(order.id)).escalationLevel).toBe(3);

    const timeline = (await harness.caller(duty).orders.get({ id: order.id })).timeline.filter(
      (e) => e.action.startsWith('deadline') || e.action === 'escalate',
    );
    expect(timeline.map((e) => [e.action, e.at.toISOString(), e.detail.toRole ?? null])).toEqual([
      ['deadline_nearing', '2026-11-22T06:48:00.000Z', null],
      ['deadline_overdue', '2026-11-22T07:00:00.000Z', null],
      ['escalate', '2026-11-22T07:00:00.000Z', 'dispatcher'],
      ['escalate', '2026-11-22T08:00:00.000Z', 'duty_officer'],
      ['escalate', '2026-11-22T09:00:00.000Z', 'leader'],
    ]);
    expect(
      harness.notices
        .filter((n) => n.type === 'order:escalated' && n.orderId === order.id)
        .map((n) => n.type === 'order:escalated' && n.role),
    ).toEqual(['dispatcher', 'duty_officer', 'leader']);
    const overdue = await harness.caller(dispatcher).orders.list({ deadlineStates: ['overdue'] });
    expect(overdue.map((o) => o.id)).toContain(order.id);

    // Dispatching does not answer the respond limit; acceptance does, and the resolve clock (4 h) still has an hour.
    const withUnit = await insertUnits(database.db, [{ code: 'H9', kind: 'handler', subDistrictCode: EAST.code, at: [121.431, 31.21] }]);
    const sent = await harness
      .caller(dispatcher)
      .dispatch.assign({ orderId: order.id, unitIds: [withUnit.H9], expectedVersion: (await harness.hub.orders.view(order.id)).version });
    expect(sent).toMatchObject({ deadlineState: 'overdue', escalationLevel: 3 });
    const h9 = await insertUser(database.db, 'h9', '孙师傅', 'field_unit', withUnit.H9);
    const accepted = await harness.caller(h9).orders.transition({ orderId: order.id, action: 'accept' });
    expect(accepted).toMatchObject({ deadlineState: 'ok', escalationLevel: 0, clock: { name: 'resolve', state: 'ok', minutesLeft: 60 } });
  });

  it('takes a category’s own time limits over the level’s defaults', async () => {
    clock.set('2026-11-22T12:00:00Z');
    await upsertTimeLimitOverride(database.db, {
      category_code: 'lighting.damaged',
      priority: 2,
      respond_minutes: 30,
      resolve_minutes: 90,
    });
    const { order } = await intake({ categoryCode: 'lighting.damaged', location: { lng: 121.408, lat: 31.2185 } }); // rules: at most level 2
    expect(order.priority).toBe(2);
    expect(order.respondBy).toEqual(new Date('2026-11-22T12:30:00Z'));
    expect(order.resolveBy).toEqual(new Date('2026-11-22T13:30:00Z'));
    const created = (await harness.hub.orders.detail(order.id)).timeline[0];
    expect(created.detail).toMatchObject({
      timeLimit: { respondMinutes: 30, resolveMinutes: 90, origin: 'category' },
      priority: { priority: 2, by: 'category_default', cappedByCategory: false, rulesVersion: 1 },
    });
  });

  it('checks orders the automatic check never reached, on the next round of the job', async () => {
    const { order } = await harness.hub.orders.create(
      {
        source: 'sensor',
        categoryCode: 'lighting.not_lit',
        priority: 3,
        description: '传感器：灯杆 L-1 离线',
        location: [121.404, 31.2035],
      },
      { userId: null, name: '传感器网关', role: 'system', unitId: null },
    );
    expect(order.status).toBe('received');
    expect(await harness.hub.autoDispatch.processUnchecked()).toBe(0); // too fresh: the intake may still be at it
    clock.advanceMinutes(1);
    expect(await harness.hub.autoDispatch.processUnchecked()).toBe(1);
    expect((await harness.hub.orders.view(order.id)).status).toBe('dispatched');
  });

  it('versions the dispatch rules: proposed, approved by someone else, then in force', async () => {
    clock.set('2026-11-23T01:00:00Z');
    const current = (await harness.caller(dispatcher).dispatch.rules.list()).find((r) => r.active)!;
    expect(current.version).toBe(1);
    const proposal = { ...current.rules, autoDispatch: false, manualCategories: [...current.rules.manualCategories, 'kiosk.software'] };
    await expect(harness.caller(dispatcher).dispatch.rules.propose({ rules: proposal, note: 'x' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(harness.caller(admin).dispatch.rules.propose({ rules: proposal, note: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      harness.caller(duty).dispatch.rules.propose({ rules: { ...proposal, manualCategories: ['no.such'] }, note: '试行' }),
    ).rejects.toMatchObject({
      cause: { messageKey: 'rules.error.invalid' },
    });
    const { version } = await harness.caller(duty).dispatch.rules.propose({ rules: proposal, note: '试行人工派单' });
    expect(version).toBe(2);
    const stillOne = await intake({ location: { lng: 121.405, lat: 31.201 } });
    expect(stillOne.order.status).toBe('dispatched');
    await harness.caller(leader).dispatch.rules.decide({ version, approve: true, note: '同意' });
    await expect(harness.caller(leader).dispatch.rules.decide({ version, approve: false })).rejects.toMatchObject({ code: 'CONFLICT' });
    const underTwo = await intake({ location: { lng: 121.406, lat: 31.2015 } });
    expect(underTwo.automatic).toEqual({ outcome: 'approved' });
    expect(underTwo.order.status).toBe('awaiting_dispatch');
    const approveEvent = (await harness.caller(dispatcher).orders.get({ id: underTwo.order.id })).timeline.find(
      (e) => e.action === 'approve',
    );
    expect(approveEvent?.detail.rulesVersion).toBe(2);
    const versions = await harness.caller(leader).dispatch.rules.list();
    expect(versions.map((v) => [v.version, v.status, v.active])).toEqual([
      [2, 'approved', true],
      [1, 'approved', false],
    ]);
    expect(versions[0]).toMatchObject({ proposedBy: '李值班', decidedBy: '张领导' });
    // Version rows are frozen: the rules of an approved version cannot be rewritten, even in SQL.
    await expect(database.db.updateTable('dispatch_rules').set({ note: 'rewritten' }).where('version', '=', 1).execute()).rejects.toThrow(
      /frozen/,
    );
    await expect(database.db.deleteFrom('order_events').where('order_id', '=', underTwo.order.id).execute()).rejects.toThrow(/append-only/);
  });
});
