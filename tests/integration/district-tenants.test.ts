/**
 * Districts as tenants (issue 22), on both dialects, through the real app: beside the fixture's 长宁区 a second,
 * synthetic district (徐汇区 here) with its own sub-district, unit, facility and orders. A district's duty officer
 * and dispatcher see and act on their own district only — snapshot, frames on a real socket, facility layers and
 * details, the order queue, an order, dispatching, the notices their wall hears and reads back — while the
 * city-level role (市级指挥) sees both.
 */
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/db/schema';
import { stPoint } from '@/db/st';
import { decodePositionFrame, frameBytes } from '@/domain/realtime/position-frame';
import { appRouter } from '@/server/api/root';
import { createCallerFactory } from '@/server/api/trpc';
import { SESSION_COOKIE, type SessionUser } from '@/server/auth/auth.service';
import { dialects } from './databases';
import { FIXTURE } from './map-fixture';
import { insertOtherDistrict, OTHER } from './second-district';
import { connected, type LiveTestApp, openSocket, postJson, startLiveApp, type TestSocket } from './units-fixtures';

const createCaller = createCallerFactory(appRouter);

describe.each(dialects)('districts as tenants on %s', (dialect) => {
  let t: LiveTestApp;
  const users: Record<string, { user: SessionUser; cookie: string }> = {};
  let otherUnitId: number;
  let otherToiletId: number;
  const sockets: TestSocket[] = [];
  const caller = (who: string) =>
    createCaller({ services: t.app.services, user: users[who].user, sessionToken: undefined, ip: null, setCookie: () => undefined });

  async function account(name: string, role: Role, districtCode: string | null) {
    await t.app.services.auth.createUser({ username: name, displayName: name, role, password: 'test-password-123', districtCode });
    const { token, user } = await t.app.services.auth.signIn(name, 'test-password-123', null);
    users[name] = { user, cookie: `${SESSION_COOKIE}=${encodeURIComponent(token)}` };
  }

  beforeAll(async () => {
    t = await startLiveApp(
      dialect,
      [
        { code: 'CN-1', at: [121.41, 31.2] },
        { code: 'CN-2', kind: 'compactor' },
      ],
      { POSITION_FRAME_MS: '20' },
    );
    const db = t.database.db;
    await insertOtherDistrict(db);
    ({ id: otherUnitId } = await db
      .insertInto('units')
      .values({
        code: 'XH-1',
        kind: 'sweeper',
        name: '测试 XH-1',
        sub_district_code: OTHER.sub,
        synthetic: true,
        on_shift: true,
        geom: stPoint([121.47, 31.2]),
      })
      .returning('id')
      .executeTakeFirstOrThrow());
    ({ id: otherToiletId } = await db
      .insertInto('facilities')
      .values({
        kind: 'toilet',
        code: 'XH-T1',
        name: '徐汇测试公厕',
        sub_district_code: OTHER.sub,
        status: 'open',
        attrs: '{}',
        synthetic: true,
        geom: stPoint([121.47, 31.21]),
      })
      .returning('id')
      .executeTakeFirstOrThrow());
    await t.app.services.liveUnits.load();
    await account('cn-duty', 'duty_officer', FIXTURE.district.code);
    await account('cn-dispatcher', 'dispatcher', FIXTURE.district.code);
    await account('xh-duty', 'duty_officer', OTHER.code);
    await account('xh-dispatcher', 'dispatcher', OTHER.code);
    await account('cn-leader', 'leader', FIXTURE.district.code);
    await account('cn-analyst', 'hotline_analyst', FIXTURE.district.code);
    await account('city', 'city_commander', null);
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(() => t?.close());

  async function wall(who: string) {
    const socket = openSocket(t.baseUrl, users[who].cookie);
    sockets.push(socket);
    const frames: Array<{ slot: number; lng: number }> = [];
    const orders = new Set<string>();
    socket.on('positions:frame', (payload) => frames.push(...decodePositionFrame(frameBytes(payload)).records));
    socket.on('order:changed', (notice) => orders.add(notice.code));
    await connected(socket);
    return { frames, orders };
  }

  it('gives each district’s wall its own units, numbered from 0, and the city’s wall every unit', async () => {
    const codes = async (who: string) => (await caller(who).units.snapshot()).units.map((u) => [u.slot, u.code]);
    expect(await codes('cn-duty')).toEqual([
      [0, 'CN-1'],
      [1, 'CN-2'],
    ]);
    expect(await codes('xh-duty')).toEqual([[0, 'XH-1']]);
    expect(await codes('city')).toEqual([
      [0, 'CN-1'],
      [1, 'CN-2'],
      [2, 'XH-1'],
    ]);
  });

  it('sends a unit’s moves over the socket to its district’s walls and the city’s, never to another district’s', async () => {
    const [cn, xh, city] = [await wall('cn-duty'), await wall('xh-duty'), await wall('city')];
    const key = await t.app.services.liveUnits.rotateDeviceKey(otherUnitId);
    const sent = await postJson(`${t.baseUrl}/api/ingest/positions`, {
      positions: [{ deviceId: 'XH-1', key, lng: 121.4811, lat: 31.2111, timestamp: Date.now(), speed: 3, heading: 90 }],
    });
    expect(sent.status).toBe(200);
    await expect.poll(() => xh.frames.find((r) => r.lng > 121.48)?.slot, { timeout: 5000 }).toBe(0);
    await expect.poll(() => city.frames.find((r) => r.lng > 121.48)?.slot, { timeout: 5000 }).toBe(2);
    await new Promise((wait) => setTimeout(wait, 300));
    expect(cn.frames).toEqual([]);
  });

  it('shows a district only its own facilities, sub-districts and outline; another district’s facility is not found', async () => {
    const toilets = async (who: string) => (await caller(who).map.layer({ kind: 'toilet' })).names;
    expect(await toilets('cn-duty')).not.toContain('徐汇测试公厕');
    expect(await toilets('xh-duty')).toEqual(['徐汇测试公厕']);
    expect(await toilets('city')).toContain('徐汇测试公厕');
    await expect(caller('cn-duty').map.facility({ id: otherToiletId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await caller('xh-duty').map.facility({ id: otherToiletId })).name).toBe('徐汇测试公厕');
    expect((await caller('cn-duty').map.subDistricts()).map((s) => s.code).sort()).toEqual([FIXTURE.east.code, FIXTURE.west.code].sort());
    expect((await caller('xh-duty').map.district())?.name).toBe(OTHER.name);
    expect((await caller('city').map.district())?.bbox).toEqual([121.35, 31.19, 121.5, 31.23]);
    // The lights screen: 长宁's lights are the fixture's; the other district has none, and cannot order their repair.
    expect((await caller('cn-duty').lighting.status()).total).toBeGreaterThan(0);
    expect((await caller('xh-duty').lighting.status()).total).toBe(0);
    const faultyInCn = (await caller('cn-duty').lighting.status()).faulty.map((l) => l.id);
    expect(faultyInCn.length).toBeGreaterThan(0);
    await expect(
      caller('xh-dispatcher').lighting.batchRepair({ facilityIds: faultyInCn, categoryCode: 'lighting.not_lit' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const kpiToilets = async (who: string) => (await caller(who).map.kpis()).toilets.total;
    expect((await kpiToilets('city')) - (await kpiToilets('cn-duty'))).toBe(1);
  });

  it('keeps each district’s orders, dispatching and notices to itself; the city sees both', async () => {
    const [cnWall, xhWall, cityWall] = [await wall('cn-duty'), await wall('xh-duty'), await wall('city')];
    const create = (who: string, lng: number, description: string) =>
      caller(who).orders.create({
        source: 'city_ops',
        categoryCode: 'sanitation.toilet_cleaning',
        description,
        location: { lng, lat: 31.205 },
      });
    const { order: cnOrder } = await create('cn-dispatcher', 121.42, '长宁的工单');
    const { order: xhOrder } = await create('xh-dispatcher', 121.47, '徐汇的工单');

    const queue = async (who: string) => (await caller(who).orders.list({})).map((o) => o.code);
    expect(await queue('cn-dispatcher')).toEqual([cnOrder.code]);
    expect(await queue('xh-dispatcher')).toEqual([xhOrder.code]);
    expect((await queue('city')).sort()).toEqual([cnOrder.code, xhOrder.code].sort());
    await expect(caller('cn-dispatcher').orders.get({ id: xhOrder.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller('cn-dispatcher').orders.get({ code: xhOrder.code })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // Neither another district's order nor another district's unit can be dispatched.
    await expect(
      caller('cn-dispatcher').dispatch.assign({ orderId: xhOrder.id, unitIds: [otherUnitId], expectedVersion: xhOrder.version }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      caller('cn-dispatcher').dispatch.assign({ orderId: cnOrder.id, unitIds: [otherUnitId], expectedVersion: cnOrder.version }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const offered = (await caller('cn-dispatcher').dispatch.candidates({ orderId: cnOrder.id })).candidates.map((c) => c.unitId);
    expect(offered).not.toContain(otherUnitId);
    expect(await t.database.db.selectFrom('order_assignments').select('id').execute()).toEqual([]);

    // The walls heard their own district's orders; a wall catching up reads only its own.
    // (Each order is told more than once: registered, then reviewed.)
    await expect.poll(() => [...cityWall.orders].sort(), { timeout: 5000 }).toEqual([cnOrder.code, xhOrder.code].sort());
    expect([...cnWall.orders]).toEqual([cnOrder.code]);
    expect([...xhWall.orders]).toEqual([xhOrder.code]);
    const missed = async (who: string) => [
      ...new Set(
        (await caller(who).live.since({ after: 0 })).entries.flatMap((e) =>
          e.kind === 'order' && e.notice.type === 'order:changed' ? [e.notice.code] : [],
        ),
      ),
    ];
    expect(await missed('cn-duty')).toEqual([cnOrder.code]);
    expect(await missed('xh-duty')).toEqual([xhOrder.code]);
    expect((await missed('city')).sort()).toEqual([cnOrder.code, xhOrder.code].sort());
    const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM live_notices WHERE district_code IS NULL`.execute(t.database.db);
    expect(stored.rows[0].n).toBe(0);

    // The wall's time slider replays its own district only.
    const replayed = async (who: string) => {
      const moment = await caller(who).replay.districtAt({ at: new Date() });
      return { orders: moment.orders.map((o) => o.code).sort(), units: moment.units.map((u) => u.unitId) };
    };
    expect((await replayed('cn-duty')).orders).toEqual([cnOrder.code]);
    expect((await replayed('xh-duty')).orders).toEqual([xhOrder.code]);
    expect((await replayed('city')).orders).toEqual([cnOrder.code, xhOrder.code].sort());
    // XH-1 reported a position above (kept in the history): its district and the city replay it, 长宁 does not.
    await expect.poll(async () => (await replayed('xh-duty')).units, { timeout: 5000 }).toEqual([otherUnitId]);
    expect((await replayed('city')).units).toContain(otherUnitId);
    expect((await replayed('cn-duty')).units).not.toContain(otherUnitId);

    // The leaders' summary counts the reader's district; the 12345 analysis offers its own sub-districts only.
    expect((await caller('cn-leader').summary.leader()).today.received).toBe(1);
    expect((await caller('city').summary.leader()).today.received).toBe(2);
    const offered12345 = (await caller('cn-analyst').hotline.meta()).subDistricts.map((s) => s.code);
    expect(offered12345.sort()).toEqual([FIXTURE.east.code, FIXTURE.west.code].sort());
  });
});
