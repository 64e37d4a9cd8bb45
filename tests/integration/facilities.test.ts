/**
 * The facilities behind the command map on both dialects, through the real tRPC router: compact layers for
 * deck.gl, a facility's detail, the KPIs, and the map:view permission.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@/server/api/root';
import { createCallerFactory } from '@/server/api/trpc';
import type { AppServices } from '@/server/app-services';
import type { SessionUser } from '@/server/auth/auth.service';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { servicesFor } from './test-services';
import { FIXTURE, insertMapFixture } from './map-fixture';

const createCaller = createCallerFactory(appRouter);

describe.each(dialects)('facilities on %s', (dialect) => {
  let database: TestDatabase;
  let services: AppServices;
  let ids: Record<string, number>;
  let duty: SessionUser;
  let clerk: SessionUser;

  const callerFor = (user: SessionUser | null) =>
    createCaller({ services, user, sessionToken: undefined, ip: null, setCookie: () => undefined });

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    ids = await insertMapFixture(database.db);
    services = await servicesFor(database);
    const auth = services.auth;
    await auth.createUser({ username: 'duty', displayName: '值班员', role: 'duty_officer', password: 'duty-password-123' });
    await auth.createUser({ username: 'clerk', displayName: '收费员', role: 'fee_clerk', password: 'clerk-password-123' });
    duty = (await auth.signIn('duty', 'duty-password-123', null)).user;
    clerk = (await auth.signIn('clerk', 'clerk-password-123', null)).user;
  });
  afterAll(() => database?.drop());

  it('gives a point layer as columns with dictionaries for status and sub-district', async () => {
    const lights = await callerFor(duty).map.layer({ kind: 'light' });
    expect(lights).toMatchObject({ kind: 'light', geometry: 'point', count: 5, paths: [], grades: [] });
    expect(lights.ids).toEqual([ids['L-1'], ids['L-2'], ids['L-3'], ids['L-4'], ids['L-5']]);
    expect(lights.statuses).toEqual(['on', 'off', 'fault']);
    expect(lights.status.map((i) => lights.statuses[i])).toEqual(['on', 'off', 'fault', 'on', 'fault']);
    expect(lights.subDistrict.map((i) => lights.subDistricts[i])).toEqual([...Array(4).fill(FIXTURE.west.code), FIXTURE.east.code]);
    expect(lights.synthetic).toEqual([1, 1, 1, 1, 1]);
    expect(lights.positions).toHaveLength(10);
    expect(lights.positions.slice(0, 2)).toEqual([121.36, 31.2]);
  });

  it('rounds positions to 6 decimals and keeps real facilities unmarked', async () => {
    const kiosks = await callerFor(duty).map.layer({ kind: 'kiosk' });
    expect(kiosks.positions).toEqual([121.421235, 31.201235]);
    expect(kiosks.synthetic).toEqual([0]);
  });

  it('gives road segments as paths with their cleaning grade', async () => {
    const roads = await callerFor(duty).map.layer({ kind: 'road_segment' });
    expect(roads).toMatchObject({ geometry: 'path', count: 1, positions: [], grades: ['一级'] });
    expect(roads.paths).toEqual([[[121.36, 31.21, 121.37, 31.215, 121.38, 31.22]]]);
  });

  it('gives an empty layer for a kind with no facilities', async () => {
    const shops = await callerFor(duty).map.layer({ kind: 'shop' });
    expect(shops).toMatchObject({ count: 0, ids: [], positions: [] });
  });

  it('gives one facility in full: attributes, address, geocode quality, sub-district name', async () => {
    const kiosk = await callerFor(duty).map.facility({ id: ids['K-1'] });
    expect(kiosk).toMatchObject({
      kind: 'kiosk',
      code: 'K-1',
      address: '娄山关路500号',
      geocodeQuality: 'exact',
      synthetic: false,
      subDistrictName: '华阳路街道',
      subDistrictNameEn: 'Huayanglu Subdistrict',
      attrs: { mac: '7C-A7-B0-6A-BF-6E', no: 1 },
      geometryType: 'POINT',
      position: [121.421235, 31.201235],
    });
    const toilet = await callerFor(duty).map.facility({ id: ids['T-1'] });
    // Nested values arrive as JSON text the panel can show (jsonb orders the keys its own way).
    expect(JSON.parse(String(toilet.attrs.opening))).toEqual({ from: '06:00', to: '22:00' });
    const road = await callerFor(duty).map.facility({ id: ids['R-1'] });
    expect(road.geometryType).toBe('LINESTRING');
    expect(road.position[0]).toBeGreaterThanOrEqual(121.36);
  });

  it('says which facility is missing', async () => {
    await expect(callerFor(duty).map.facility({ id: 999_999 })).rejects.toThrow(/No facility 999999/);
  });

  it('counts facilities by kind and status and lights by sub-district', async () => {
    const kpis = await callerFor(duty).map.kpis();
    const lights = kpis.byKind.find((k) => k.kind === 'light')!;
    expect(lights.total).toBe(5);
    expect(lights.statuses).toEqual([
      { status: 'fault', count: 2 },
      { status: 'off', count: 1 },
      { status: 'on', count: 2 },
    ]);
    expect(kpis.lights).toEqual({ total: 5, on: 2, off: 1, fault: 2, faultRate: 0.4, onRate: 0.4 });
    const west = kpis.lightsBySubDistrict.find((a) => a.code === FIXTURE.west.code)!;
    expect(west).toMatchObject({ name: '新泾镇', total: 4, on: 2, off: 1, fault: 1, faultRate: 0.25, onRate: 0.5 });
    const east = kpis.lightsBySubDistrict.find((a) => a.code === FIXTURE.east.code)!;
    expect(east).toMatchObject({ total: 1, fault: 1, faultRate: 1 });
  });

  it('follows the chosen sub-district and counts open alarms the way the alarm list does (hand count)', async () => {
    const alarm = (objectKind: string, objectCode: string, type: string, status: 'active' | 'acknowledged' | 'cleared') => ({
      type,
      level: 2,
      object_kind: objectKind,
      object_code: objectCode,
      facility_id: ids[objectCode],
      geom: null,
      status,
      value: null,
      threshold: null,
      first_seen_at: new Date('2026-11-25T06:00:00Z'),
      last_seen_at: new Date('2026-11-25T06:30:00Z'),
      acknowledged_by: null,
      acknowledged_by_name: null,
      acknowledged_at: null,
      order_id: null,
      order_link: null,
      cleared_at: status === 'cleared' ? new Date('2026-11-25T06:40:00Z') : null,
      clear_kind: null,
      clear_reason: null,
      closed_at: null,
    });
    await database.db
      .insertInto('alarms')
      .values([
        alarm('kiosk', 'K-1', 'kiosk.offline', 'active'), // heartbeat lost: K-1 is not online
        alarm('kiosk', 'K-1', 'kiosk.paper_out', 'active'), // out of paper, still online: no second count
        alarm('light', 'L-1', 'light.lamp_failure', 'acknowledged'), // L-1 "on" with an open lamp alarm: at fault
        alarm('light', 'L-4', 'light.lamp_failure', 'cleared'), // over: L-4 stays on
      ])
      .execute();
    const caller = callerFor(duty);
    // The wall's alarm list and the kiosk health list, which the tile must agree with.
    const openHeartbeatAlarms = (await caller.alarms.open()).alarms.filter((a) => a.type === 'kiosk.offline').length;
    const offlineKiosks = (await caller.alarms.kiosks()).filter((k) => k.health === 'offline').length;
    expect(openHeartbeatAlarms).toBe(1);
    expect(offlineKiosks).toBe(1);

    // By hand: lights on L-4; off L-2 (by plan, not a fault); at fault L-1 (alarm), L-3, L-5. Kiosk K-1 offline.
    const district = await caller.map.kpis();
    expect(district.subDistrict).toBeNull();
    expect(district.lights).toEqual({ total: 5, on: 1, off: 1, fault: 3, faultRate: 0.6, onRate: 0.2 });
    expect(district.kiosks).toEqual({ online: 0, total: 1 });
    expect(district.kiosks.total - district.kiosks.online).toBe(openHeartbeatAlarms);
    expect(district.toilets).toEqual({ open: 1, total: 1 });
    expect(district.byKind.find((k) => k.kind === 'kiosk')!.statuses).toEqual([{ status: 'offline', count: 1 }]);

    // 新泾镇: lights L-1…L-4 and the road; no kiosk, no toilet.
    const west = await caller.map.kpis({ subDistrict: FIXTURE.west.code });
    expect(west.subDistrict).toBe(FIXTURE.west.code);
    expect(west.lights).toEqual({ total: 4, on: 1, off: 1, fault: 2, faultRate: 0.5, onRate: 0.25 });
    expect(west.lightsBySubDistrict.map((a) => a.code)).toEqual([FIXTURE.west.code]);
    expect(west.kiosks).toEqual({ online: 0, total: 0 });
    expect(west.toilets).toEqual({ open: 0, total: 0 });
    expect(west.byKind.map((k) => [k.kind, k.total])).toEqual([
      ['light', 4],
      ['road_segment', 1],
    ]);

    // 华阳路街道: L-5 at fault, the kiosk (offline) and the toilet.
    const east = await caller.map.kpis({ subDistrict: FIXTURE.east.code });
    expect(east.lights).toEqual({ total: 1, on: 0, off: 0, fault: 1, faultRate: 1, onRate: 0 });
    expect(east.kiosks).toEqual({ online: 0, total: 1 });
    expect(east.toilets).toEqual({ open: 1, total: 1 });
    expect(east.byKind.map((k) => [k.kind, k.total])).toEqual([
      ['toilet', 1],
      ['light', 1],
      ['kiosk', 1],
    ]);

    // The heartbeat recovers: the kiosk is online again on the tile.
    await database.db.updateTable('alarms').set({ status: 'cleared' }).where('type', '=', 'kiosk.offline').execute();
    expect((await caller.map.kpis({ subDistrict: FIXTURE.east.code })).kiosks).toEqual({ online: 1, total: 1 });
    await expect(caller.map.kpis({ subDistrict: "310105001' or 1=1" })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('lists sub-districts and the district for the selector', async () => {
    const subs = await callerFor(duty).map.subDistricts();
    expect(subs).toHaveLength(2);
    expect(await callerFor(duty).map.district()).toMatchObject({ code: '310105', bbox: [...FIXTURE.district.bbox] });
  });

  it('refuses callers without map:view', async () => {
    await expect(callerFor(null).map.kpis()).rejects.toThrow(/Sign in first/);
    await expect(callerFor(clerk).map.layer({ kind: 'light' })).rejects.toThrow(/lacks map:view/);
  });
});
