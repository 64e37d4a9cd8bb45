/**
 * Two app processes on one PostgreSQL joined by a real Redis (REDIS_URL), each with its own Socket.IO server and
 * live store, as deploy/ runs them: what one process hears reaches the walls of the other, a sign-out ends the
 * session's sockets everywhere, two dispatchers on two processes get one winner, and when Redis goes away each
 * process serves its own walls alone and says so, joining again when Redis returns.
 * PostgreSQL only: the embedded database belongs to one process, so it never has peers.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@/server/api/root';
import { createCallerFactory } from '@/server/api/trpc';
import type { SessionUser } from '@/server/auth/auth.service';
import type { OneMapApp } from '@/server/app';
import { decodePositionFrame, frameBytes } from '@/domain/realtime/position-frame';
import type { OrderChangedPayload } from '@/domain/realtime/events';
import { SESSION_COOKIE } from '@/server/auth/auth.service';
import { connected, type LiveTestApp, openSocket, postJson, startAppOn, startLiveApp, type TestSocket } from './units-fixtures';
import { startTestRedis, type TestRedis } from '../redis/throwaway-redis';

type AppProcess = Awaited<ReturnType<typeof startAppOn>>;

describe('two app processes joined by Redis', () => {
  let redis: TestRedis;
  let a: LiveTestApp;
  let b: AppProcess;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    const env = { REDIS_URL: redis.url, POSITION_FRAME_MS: '20' };
    a = await startLiveApp(
      'postgres',
      [
        { code: 'SW-1' },
        { code: 'TL-1', kind: 'toilet_service', at: [121.426, 31.2] },
        { code: 'TL-2', kind: 'toilet_service', at: [121.427, 31.2] },
      ],
      env,
    );
    b = await startAppOn(a.database, env);
    await Promise.all([untilRedis(a.baseUrl, true), untilRedis(b.baseUrl, true)]);
  }, 60_000);
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await redis?.stop();
  });

  let users = 0;
  async function signedIn(app: OneMapApp, role: 'duty_officer' | 'dispatcher') {
    const username = `${role}-${++users}`;
    await app.services.auth.createUser({ username, displayName: `调度员${users}`, role, password: 'test-password-123', unitId: null });
    const { token } = await app.services.auth.signIn(username, 'test-password-123', null);
    const user = (await app.services.auth.userForToken(token)) as SessionUser;
    return { token, user, cookie: `${SESSION_COOKIE}=${encodeURIComponent(token)}` };
  }
  const caller = (app: OneMapApp, user: SessionUser) =>
    createCallerFactory(appRouter)({ services: app.services, user, sessionToken: undefined, ip: null, setCookie: () => undefined });

  async function wallOn(baseUrl: string): Promise<{ socket: TestSocket; orders: OrderChangedPayload[] }> {
    const { cookie } = await signedIn(a.app, 'duty_officer');
    const socket = openSocket(baseUrl, cookie);
    sockets.push(socket);
    const orders: OrderChangedPayload[] = [];
    socket.on('order:changed', (notice) => orders.push(notice));
    await connected(socket);
    return { socket, orders };
  }

  let orders = 0;
  /** A new order, each far from the others (one near another would wait for review as a possible duplicate). */
  async function newOrder(on: OneMapApp, description: string) {
    const { user } = await signedIn(on, 'dispatcher');
    const lat = 31.195 + 0.004 * ++orders;
    const { order } = await caller(on, user).orders.create({
      source: 'city_ops',
      categoryCode: 'sanitation.toilet_cleaning',
      description,
      location: { lng: 121.425, lat },
    });
    return order;
  }

  it('shows a position one process accepted on a wall connected to the other', async () => {
    const key = await a.app.services.liveUnits.rotateDeviceKey(a.unitIds['SW-1']);
    const wall = await wallOn(b.baseUrl);
    const slotOnB = b.app.services.liveUnits.unitById(a.unitIds['SW-1'])!.slot;
    const seen = new Promise<number>((resolve) =>
      wall.socket.on('positions:frame', (payload) => {
        const record = decodePositionFrame(frameBytes(payload)).records.find((r) => r.slot === slotOnB);
        if (record) resolve(record.lng);
      }),
    );
    const sent = await postJson(`${a.baseUrl}/api/ingest/positions`, {
      positions: [{ deviceId: 'SW-1', key, lng: 121.4321, lat: 31.2111, timestamp: Date.now(), speed: 3, heading: 90 }],
    });
    expect(sent.status).toBe(200);
    expect(await seen).toBeCloseTo(121.4321, 5);
    // Stored once, by the process that accepted it: the other saves nothing of it.
    expect(b.app.services.liveUnits.unitById(a.unitIds['SW-1'])!.online).toBe(true);
  });

  it('tells a wall on one process about an order created on the other, numbered in the journal', async () => {
    const wall = await wallOn(b.baseUrl);
    const order = await newOrder(a.app, '跨进程通知');
    await expect.poll(() => wall.orders.find((n) => n.orderId === order.id)?.journal ?? null).toBeGreaterThan(0);
  });

  it('closes a session’s sockets on every process when it signs out on one', async () => {
    const { token, user, cookie } = await signedIn(a.app, 'duty_officer');
    const socket = openSocket(b.baseUrl, cookie);
    sockets.push(socket);
    await connected(socket);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    await a.app.services.auth.signOut(token, user, null);
    expect(await closed).toBe('io server disconnect');
  });

  it('lets exactly one of two dispatchers on two processes assign the same order', async () => {
    // No toilet crew on shift when it arrives, so the order waits for a dispatcher rather than going out by itself.
    const crews = [a.unitIds['TL-1'], a.unitIds['TL-2']];
    const onShift = (on: boolean, ids: number[]) =>
      a.database.db.updateTable('units').set({ on_shift: on }).where('id', 'in', ids).execute();
    await onShift(false, crews);
    const order = await newOrder(a.app, '两个调度员同时派单');
    expect(order.status).toBe('awaiting_dispatch');
    const unitId = a.unitIds['TL-2'];
    await onShift(true, [unitId]);
    const [alice, bob] = [await signedIn(a.app, 'dispatcher'), await signedIn(b.app, 'dispatcher')];
    const results = await Promise.allSettled([
      caller(a.app, alice.user).dispatch.assign({ orderId: order.id, unitIds: [unitId], expectedVersion: order.version }),
      caller(b.app, bob.user).dispatch.assign({ orderId: order.id, unitIds: [unitId], expectedVersion: order.version }),
    ]);
    const refusals = results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'assigned'));
    expect(
      results.filter((r) => r.status === 'fulfilled'),
      refusals.join('; '),
    ).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });
  });

  it('takes a device key issued on one process on the other at once, and refuses it there once withdrawn', async () => {
    const unitId = a.unitIds['SW-1'];
    const key = await a.app.services.liveUnits.rotateDeviceKey(unitId);
    const reportToB = async () =>
      (
        await postJson(`${b.baseUrl}/api/ingest/positions`, {
          positions: [{ deviceId: 'SW-1', key, lng: 121.43, lat: 31.21, timestamp: Date.now() }],
        })
      ).status;
    // Without the word from A, B would read the new key only at its next minutely re-read of the units.
    await expect.poll(reportToB, { timeout: 3000 }).toBe(200);
    await a.app.services.liveUnits.revokeDeviceKey(unitId);
    await expect.poll(reportToB, { timeout: 3000 }).toBe(401);
  });

  // Last: it takes Redis away and brings it back.
  it('serves each process’s own walls while Redis is away, says so, and joins them again when it returns', async () => {
    const wallOnA = await wallOn(a.baseUrl);
    const wallOnB = await wallOn(b.baseUrl);
    await redis.kill();
    await untilRedis(a.baseUrl, false);
    const ready = await fetch(`${a.baseUrl}/readyz`);
    expect(ready.status).toBe(200); // the process still serves: it is not taken out of the balancer
    expect(await ready.json()).toMatchObject({ status: 'degraded', redis: { ok: false } });

    const alone = await newOrder(a.app, 'Redis 不在时');
    await expect.poll(() => wallOnA.orders.some((n) => n.orderId === alone.id), { timeout: 3000 }).toBe(true);
    expect(wallOnB.orders.some((n) => n.orderId === alone.id)).toBe(false);

    await redis.restart();
    await Promise.all([untilRedis(a.baseUrl, true), untilRedis(b.baseUrl, true)]);
    // The adapters' stream readers resume with Redis; give them a moment to be reading again.
    await new Promise((done) => setTimeout(done, 500));
    const joined = await newOrder(a.app, 'Redis 回来后');
    await expect.poll(() => wallOnB.orders.some((n) => n.orderId === joined.id), { timeout: 10_000 }).toBe(true);
    // What B's wall missed meanwhile shows as a gap in the journal numbers, which its follower reads back.
    const missed = wallOnA.orders.find((n) => n.orderId === alone.id)!.journal;
    expect(wallOnB.orders.find((n) => n.orderId === joined.id)!.journal).toBeGreaterThan(missed);
  }, 60_000);
});

async function untilRedis(baseUrl: string, up: boolean): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 20_000;) {
    const answer = (await (await fetch(`${baseUrl}/readyz`)).json()) as { redis?: { ok: boolean } };
    if (answer.redis?.ok === up) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${baseUrl}/readyz never said Redis is ${up ? 'up' : 'down'}`);
}
