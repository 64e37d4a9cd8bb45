/**
 * The live unit store on both dialects: the snapshot a map loads (through the real tRPC router, with its
 * permission), last positions surviving a restart, offline detection on a controllable clock with its events, and
 * the simulator driving synthetic units along the fixture's road, its tracks sampled into the history marked simulated.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@/server/api/root';
import { createCallerFactory } from '@/server/api/trpc';
import type { SessionUser } from '@/server/auth/auth.service';
import { EventFeedService } from '@/server/events/events.service';
import type { FacilityStatusPayload, FeedEventPayload, UnitStatusPayload } from '@/domain/realtime/events';
import type { LiveBroadcaster } from '@/server/realtime/live-hub';
import { decodePositionFrame } from '@/domain/realtime/position-frame';
import { seedLightingPlans } from '@/server/sim/lighting-plans-seed';
import { Simulator } from '@/server/sim/simulator';
import { LiveUnitsService } from '@/server/units/units.service';
import { dialects } from './databases';
import { FIXTURE } from './map-fixture';
import { type LiveTestApp, startLiveApp } from './units-fixtures';

const createCaller = createCallerFactory(appRouter);

/** What services broadcast, kept for assertions (the transport, not a domain object, is what this stands in for). */
class RecordingBroadcaster implements LiveBroadcaster {
  frames: Uint8Array[] = [];
  statuses: UnitStatusPayload[] = [];
  feed: FeedEventPayload[] = [];
  facilities: FacilityStatusPayload[] = [];
  positionsFrame(frame: Uint8Array) {
    this.frames.push(frame);
  }
  districtFrames: Array<{ district: string; frame: Uint8Array }> = [];
  districtPositionsFrame(district: string, frame: Uint8Array) {
    this.districtFrames.push({ district, frame });
  }
  unitStatus(payload: UnitStatusPayload) {
    this.statuses.push(payload);
  }
  feedEvent(payload: FeedEventPayload) {
    this.feed.push(payload);
  }
  facilityStatus(payload: FacilityStatusPayload) {
    this.facilities.push(payload);
  }
}

const T0 = Date.parse('2026-11-22T08:00:00Z');
const settle = () => new Promise((r) => setTimeout(r, 50));

describe.each(dialects)('live units on %s', (dialect) => {
  let t: LiveTestApp;
  let duty: SessionUser;
  let clerk: SessionUser;
  const callerFor = (user: SessionUser | null) =>
    createCaller({ services: t.app.services, user, sessionToken: undefined, ip: null, setCookie: () => undefined });

  beforeAll(async () => {
    t = await startLiveApp(dialect, [
      { code: 'SW-1', kind: 'sweeper', at: [121.41, 31.2] },
      { code: 'CP-1', kind: 'compactor' },
      { code: 'PO-1', kind: 'patrol_officer', synthetic: true },
      { code: 'CP-2', kind: 'compactor', synthetic: true },
    ]);
    const auth = t.app.services.auth;
    await auth.createUser({ username: 'duty', displayName: '值班员', role: 'duty_officer', password: 'duty-password-123' });
    await auth.createUser({ username: 'clerk', displayName: '收费员', role: 'fee_clerk', password: 'clerk-password-123' });
    duty = (await auth.signIn('duty', 'duty-password-123', null)).user;
    clerk = (await auth.signIn('clerk', 'clerk-password-123', null)).user;
  });
  afterAll(() => t?.close());

  it('gives map viewers a snapshot of every unit in slot order, and nobody else', async () => {
    const snapshot = await callerFor(duty).units.snapshot();
    expect(snapshot.units.map((u) => [u.slot, u.code, u.kind])).toEqual([
      [0, 'SW-1', 'sweeper'],
      [1, 'CP-1', 'compactor'],
      [2, 'PO-1', 'patrol_officer'],
      [3, 'CP-2', 'compactor'],
    ]);
    expect(snapshot.units[0]).toMatchObject({
      name: '测试 SW-1',
      subDistrictCode: FIXTURE.east.code,
      synthetic: false,
      online: false,
      position: { lng: 121.41, lat: 31.2 },
    });
    expect(snapshot.units[1].position).toBeNull();
    expect(snapshot).toMatchObject({ frameIntervalMs: 50, offlineAfterSeconds: 60 });
    await expect(callerFor(clerk).units.snapshot()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerFor(null).units.snapshot()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('serves the newest feed entries first', async () => {
    await t.app.services.eventFeed.raise({ kind: 'a', messageKey: 'event.unitsOnline', params: { count: 1 } });
    await t.app.services.eventFeed.raise({ kind: 'b', messageKey: 'event.unitsOnline', params: { count: 2 } });
    const recent = await callerFor(duty).events.recent({ limit: 2 });
    expect(recent.map((e) => e.params.count)).toEqual([2, 1]);
    await expect(callerFor(clerk).events.recent({ limit: 2 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('goes offline after the silence threshold, tells clients at once and the feed calmly, and keeps last positions across a restart', async () => {
    let now = T0;
    const broadcaster = new RecordingBroadcaster();
    const feed = new EventFeedService(t.database.db, broadcaster);
    const service = new LiveUnitsService(t.database.db, broadcaster, feed, { frameMs: 50, offlineSeconds: 60, now: () => now });
    await service.load();
    const sw = service.unitByCode('SW-1')!;
    const cp = service.unitByCode('CP-1')!;
    await service.acceptDevicePositions(
      [{ unit: sw, fix: { lng: 121.42, lat: 31.21, recordedAt: now, speedMps: 2, headingDeg: 45 } }],
      'device',
    );
    service.acceptSimulatedPosition(cp, { lng: 121.43, lat: 31.22, recordedAt: now, speedMps: 8, headingDeg: 180 });
    expect(broadcaster.statuses.map((s) => [s.unitId, s.online])).toEqual([
      [sw.id, true],
      [cp.id, true],
    ]);
    expect(service.flushFrame()).toBe(2);
    expect(service.flushFrame()).toBe(0);

    now += 59_000;
    service.sweepOffline();
    await feed.idle();
    expect(broadcaster.statuses).toHaveLength(2);
    // Heard right after the server started: a reconnection, not news for the feed (screens were told at once).
    expect(broadcaster.feed).toEqual([]);

    now += 1_000;
    service.sweepOffline();
    await feed.idle();
    expect(broadcaster.statuses.slice(2)).toEqual([
      { unitId: sw.id, online: false, at: now },
      { unitId: cp.id, online: false, at: now },
    ]);
    // Feed entries are stored concurrently: their order among one sweep is not part of the contract.
    expect(broadcaster.feed.map((e) => [e.messageKey, e.params.code]).sort()).toEqual([
      ['event.unitOffline', 'CP-1'],
      ['event.unitOffline', 'SW-1'],
    ]);
    const stored = await t.database.db
      .selectFrom('event_feed')
      .select(['message_key', 'unit_id', 'severity'])
      .where('message_key', '=', 'event.unitOffline')
      .execute();
    expect(stored).toEqual(expect.arrayContaining([{ message_key: 'event.unitOffline', unit_id: sw.id, severity: 'warning' }]));
    expect(service.snapshot().units.filter((u) => u.online)).toEqual([]);
    // Coming back after a silence this server watched is news, told once however often the unit reports.
    for (const recordedAt of [now + 1_000, now + 2_000])
      await service.acceptDevicePositions(
        [{ unit: sw, fix: { lng: 121.42, lat: 31.21, recordedAt, speedMps: 2, headingDeg: 45 } }],
        'device',
      );
    now += 3_000;
    service.sweepOffline();
    service.sweepOffline();
    await feed.idle();
    expect(broadcaster.feed.slice(2).map((e) => [e.messageKey, e.params.code])).toEqual([['event.unitOnline', 'SW-1']]);

    await service.stop();
    const restarted = new LiveUnitsService(t.database.db, broadcaster, feed, { frameMs: 50, offlineSeconds: 60, now: () => T0 + 30_000 });
    await restarted.load();
    const units = restarted.snapshot().units;
    expect(units.find((u) => u.code === 'SW-1')).toMatchObject({
      online: true,
      position: { lng: 121.42, lat: 31.21, speedMps: 2, headingDeg: 45 },
    });
    expect(units.find((u) => u.code === 'CP-1')).toMatchObject({ position: { lng: 121.43, lat: 31.22, speedMps: 8 } });
    // Both are history, the simulated one marked as such.
    const history = await t.database.db.selectFrom('unit_positions').select(['unit_id', 'source']).distinct().orderBy('source').execute();
    expect(history).toEqual([
      { unit_id: sw.id, source: 'device' },
      { unit_id: cp.id, source: 'simulator' },
    ]);
  });

  it('summarises many units changing at once in one feed entry', async () => {
    // Later than anything earlier tests saved, so every unit starts offline.
    let now = T0 + 3600_000;
    const broadcaster = new RecordingBroadcaster();
    const feed = new EventFeedService(t.database.db, broadcaster);
    const service = new LiveUnitsService(t.database.db, broadcaster, feed, { frameMs: 50, offlineSeconds: 60, now: () => now });
    await service.load();
    // Silent for the whole threshold while this server watched: their coming online is a real transition.
    now += 60_000;
    for (const unit of service.units())
      service.acceptSimulatedPosition(unit, { lng: 121.4, lat: 31.2, recordedAt: now, speedMps: null, headingDeg: null });
    service.sweepOffline();
    await feed.idle();
    now += 60_000;
    service.sweepOffline();
    await feed.idle();
    expect(broadcaster.feed.map((e) => [e.messageKey, e.params.count])).toEqual([
      ['event.unitsOnline', 4],
      ['event.unitsOffline', 4],
    ]);
    expect(broadcaster.statuses).toHaveLength(8);
    await service.stop();
  });

  it('simulates synthetic units only, along the road at their speed, and keeps a sample of their tracks marked simulated', async () => {
    let now = Date.now();
    const broadcaster = new RecordingBroadcaster();
    const feed = new EventFeedService(t.database.db, broadcaster);
    const service = new LiveUnitsService(t.database.db, broadcaster, feed, { frameMs: 50, offlineSeconds: 60, now: () => now });
    await service.load();
    await t.database.db.deleteFrom('unit_positions').execute();
    const simulator = new Simulator(t.database.db, service, feed, broadcaster, { seed: 1, offlineSeconds: 60, now: () => now });
    expect(await simulator.load()).toMatchObject({ units: 2, roads: 1, places: 0 });

    const track = new Map<string, Array<[number, number]>>();
    for (let tick = 0; tick < 10 * 120; tick++) {
      now += 100;
      simulator.tick();
      if (tick % 10 === 9) {
        for (const code of ['SW-1', 'PO-1', 'CP-2']) {
          const u = service.unitByCode(code)!;
          if (u.hasPosition && u.source === 'simulator') track.set(code, [...(track.get(code) ?? []), [u.lng, u.lat]]);
        }
      }
    }
    await simulator.stop();
    expect(track.has('SW-1')).toBe(false);
    // The fixture road runs from (121.35, 31.20) to (121.45, 31.21): every position lies on it.
    for (const code of ['PO-1', 'CP-2']) {
      const points = track.get(code)!;
      expect(points.length, code).toBeGreaterThanOrEqual(119);
      for (const [lng, lat] of points) expect(Math.abs(31.2 + (lng - 121.35) * 0.1 - lat)).toBeLessThan(1e-7);
    }
    // Straight road, metres per degree of longitude at 31.2°N ≈ 95,200: average speed over two minutes.
    const kmh = (code: string) => {
      const p = track.get(code)!;
      let metres = 0;
      for (let i = 1; i < p.length; i++) metres += Math.hypot((p[i][0] - p[i - 1][0]) * 95_200, (p[i][1] - p[i - 1][1]) * 111_195);
      return (metres / (p.length - 1)) * 3.6;
    };
    expect(kmh('PO-1')).toBeLessThanOrEqual(5.01);
    expect(kmh('CP-2')).toBeLessThanOrEqual(40.01);
    expect(kmh('CP-2')).toBeGreaterThan(kmh('PO-1'));
    await service.history.flush();
    const stored = await t.database.db
      .selectFrom('unit_positions')
      .select(['source', sql<number>`count(*)::int`.as('n')])
      .groupBy('source')
      .execute();
    // 2 units × 1,200 ticks reported; the sampler keeps a fix per ~20 m or minute: far fewer, all marked simulated.
    expect(stored).toHaveLength(1);
    expect(stored[0].source).toBe('simulator');
    expect(stored[0].n).toBeGreaterThan(20);
    expect(stored[0].n).toBeLessThan(200);
  });

  it('changes light and toilet statuses now and then, in the database and on the socket', async () => {
    let now = Date.now();
    const broadcaster = new RecordingBroadcaster();
    const feed = new EventFeedService(t.database.db, broadcaster);
    const service = new LiveUnitsService(t.database.db, broadcaster, feed, { frameMs: 50, offlineSeconds: 60, now: () => now });
    await service.load();
    const simulator = new Simulator(t.database.db, service, feed, broadcaster, { seed: 3, offlineSeconds: 60, now: () => now });
    await simulator.load();
    // Ten simulated minutes.
    for (let tick = 0; tick < 10 * 600; tick++) {
      now += 100;
      simulator.tick();
    }
    await simulator.stop();
    await service.stop();
    expect(broadcaster.facilities.length).toBeGreaterThanOrEqual(10);
    expect(broadcaster.facilities.length).toBeLessThanOrEqual(40);
    const last = broadcaster.facilities.at(-1)!;
    const row = await t.database.db
      .selectFrom('facilities')
      .select(['status', 'kind'])
      .where('id', '=', last.facilityId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: last.status, kind: last.kind });
    const statuses = new Set(broadcaster.facilities.map((f) => `${f.kind}:${f.status}`));
    for (const s of statuses) expect(['light:on', 'light:fault', 'toilet:cleaning', 'toilet:open']).toContain(s);
    // Feed entries are calm: a few a minute at most.
    expect(broadcaster.feed.length).toBeLessThanOrEqual(5 * 10);
    expect(broadcaster.feed.length).toBeGreaterThan(0);
  });

  it('switches the simulated lights as the approved lighting plan says, and leaves faulty ones alone', async () => {
    const db = t.database.db;
    const evening = Date.parse('2026-11-23T19:30:00+08:00'); // the normal plan: sunset + 15 min to 22:00
    await seedLightingPlans(db, new Date(evening));
    await db.updateTable('facilities').set({ status: 'off' }).where('kind', '=', 'light').where('status', '<>', 'fault').execute();
    const lightStatuses = async () =>
      Object.fromEntries(
        (await db.selectFrom('facilities').select(['code', 'status']).where('kind', '=', 'light').orderBy('code').execute()).map((l) => [
          l.code,
          l.status,
        ]),
      );
    /** Two simulated seconds at `at`: the first second's round checks the plans (the churn waits 10 s or more). */
    const simulateAt = async (at: number) => {
      let now = at;
      const broadcaster = new RecordingBroadcaster();
      const feed = new EventFeedService(db, broadcaster);
      const service = new LiveUnitsService(db, broadcaster, feed, { frameMs: 50, offlineSeconds: 60, now: () => now });
      await service.load();
      const simulator = new Simulator(db, service, feed, broadcaster, { seed: 5, offlineSeconds: 60, now: () => now });
      await simulator.load();
      for (let tick = 0; tick < 20; tick++) {
        now += 100;
        simulator.tick();
      }
      await simulator.stop();
      await service.stop();
      return broadcaster.facilities.map((f) => `${f.kind}:${f.status}`);
    };

    const faultsBefore = Object.entries(await lightStatuses()).filter(([, status]) => status === 'fault');
    expect(new Set(await simulateAt(evening))).toEqual(new Set(['light:on']));
    const lit = await lightStatuses();
    expect(Object.values(lit).filter((s) => s === 'on').length).toBe(Object.keys(lit).length - faultsBefore.length);
    expect(Object.entries(lit).filter(([, status]) => status === 'fault')).toEqual(faultsBefore);

    expect(new Set(await simulateAt(Date.parse('2026-11-24T12:00:00+08:00')))).toEqual(new Set(['light:off']));
    expect(Object.values(await lightStatuses()).filter((s) => s === 'on')).toHaveLength(0);
  });

  // Last: it leaves SW-1 and CP-1 online with saved positions, which the tests above start without.
  it('sends a device batch that fills a frame at once, and leaves single reports to the frame timer', async () => {
    const broadcaster = new RecordingBroadcaster();
    // A frame timer that never fires within the test: only an early frame can reach the broadcaster.
    const service = new LiveUnitsService(t.database.db, broadcaster, new EventFeedService(t.database.db, broadcaster), {
      frameMs: 60_000,
      offlineSeconds: 60,
      earlyFrameRecords: 2,
      recordHistory: false,
    });
    await service.load();
    service.start();
    try {
      const fix = (lng: number) => ({ lng, lat: 31.21, recordedAt: Date.now(), speedMps: 2, headingDeg: 45 });
      await service.acceptDevicePositions([{ unit: service.unitByCode('SW-1')!, fix: fix(121.44) }], 'device');
      await settle();
      expect(broadcaster.frames).toHaveLength(0);
      await service.acceptDevicePositions([{ unit: service.unitByCode('CP-1')!, fix: fix(121.45) }], 'device');
      await settle();
      expect(broadcaster.frames).toHaveLength(1);
      expect(decodePositionFrame(broadcaster.frames[0]).records.map((r) => r.lng)).toEqual([121.44, 121.45]);
    } finally {
      await service.stop();
    }
  });
});
