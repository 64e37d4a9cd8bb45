/**
 * The Socket.IO side on both dialects, with real socket.io-client connections to the app on a random port: who may
 * connect, the binary frame a map receives after a device reports, unit status and feed events, and pausing frames.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LiveUnitsClient } from '@/components/map/live/live-units-client';
import { appRouter } from '@/server/api/root';
import { createCallerFactory } from '@/server/api/trpc';
import { LiveHub } from '@/server/realtime/live-hub';
import { createRealtimeServer } from '@/server/realtime/socket-server';
import { decodePositionFrame, FLAG_ONLINE, FLAG_SIMULATED, frameBytes, type PositionRecord } from '@/domain/realtime/position-frame';
import { dialects } from './databases';
import { connected, type LiveTestApp, openSocket, postJson, sessionCookieFor, startLiveApp, type TestSocket } from './units-fixtures';

describe.each(dialects)('realtime on %s', (dialect) => {
  let t: LiveTestApp;
  let key: string;
  let dutyCookie: string;
  const sockets: TestSocket[] = [];
  const open = (cookie?: string, url = t.baseUrl) => {
    const socket = openSocket(url, cookie);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    t = await startLiveApp(dialect, [{ code: 'SW-1' }, { code: 'SW-2' }], { POSITION_FRAME_MS: '20' });
    key = await t.app.services.liveUnits.rotateDeviceKey(t.unitIds['SW-1']);
    dutyCookie = await sessionCookieFor(t.app, 'duty_officer');
  });
  afterEach(() => {
    sockets.splice(0).forEach((s) => s.close());
  });
  afterAll(() => t?.close());

  const report = (lng: number) =>
    postJson(`${t.baseUrl}/api/ingest/positions`, {
      positions: [{ deviceId: 'SW-1', key, lng, lat: 31.2111, timestamp: Date.now(), speed: 3, heading: 90 }],
    });

  /** The next frame record for `slot`, from frames as they arrive. */
  function nextRecordFor(socket: TestSocket, slot: number, timeoutMs = 3000): Promise<{ record: PositionRecord; sequence: number }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no frame with slot ${slot} within ${timeoutMs} ms`)), timeoutMs);
      socket.on('positions:frame', function onFrame(payload) {
        const { header, records } = decodePositionFrame(frameBytes(payload));
        const record = records.find((r) => r.slot === slot);
        if (!record) return;
        clearTimeout(timer);
        socket.off('positions:frame', onFrame);
        resolve({ record, sequence: header.sequence });
      });
    });
  }

  it('refuses a socket without a session', async () => {
    await expect(connected(open())).rejects.toThrow('unauthorized');
    await expect(connected(open('onemap_session=forged-token'))).rejects.toThrow('unauthorized');
  });

  it('refuses a signed-in role that has no live map', async () => {
    await expect(connected(open(await sessionCookieFor(t.app, 'fee_clerk')))).rejects.toThrow('forbidden');
  });

  it('sends a map viewer a binary frame with the unit where the device just reported it', async () => {
    const socket = open(dutyCookie);
    await connected(socket);
    const slot = t.app.services.liveUnits.snapshot().units.find((u) => u.code === 'SW-1')!.slot;
    const received = nextRecordFor(socket, slot);
    expect((await report(121.4321)).status).toBe(200);
    const { record, sequence } = await received;
    expect(record.lng).toBeCloseTo(121.4321, 7);
    expect(record.lat).toBeCloseTo(31.2111, 7);
    expect(record.speedMps).toBe(3);
    expect(record.flags).toBe(FLAG_ONLINE);
    expect(record.flags & FLAG_SIMULATED).toBe(0);
    // A client re-reading the snapshot now continues after this frame.
    expect(t.app.services.liveUnits.snapshot().sequence).toBe(sequence);
  });

  it('tells map viewers when a unit comes online, and forwards feed events as they are stored', async () => {
    const socket = open(dutyCookie);
    await connected(socket);
    const unitId = t.unitIds['SW-2'];
    const status = new Promise((resolve) => socket.on('units:status', (p) => p.unitId === unitId && resolve(p)));
    const key2 = await t.app.services.liveUnits.rotateDeviceKey(unitId);
    await postJson(`${t.baseUrl}/api/ingest/positions`, {
      positions: [{ deviceId: 'SW-2', key: key2, lng: 121.41, lat: 31.21, timestamp: Date.now() }],
    });
    expect(await status).toMatchObject({ unitId, online: true });

    const feed = new Promise((resolve) => socket.on('feed:event', resolve));
    const raised = await t.app.services.eventFeed.raise({
      kind: 'test',
      messageKey: 'event.lightFault',
      params: { facility: '测试灯' },
      facilityId: t.facilityIds['L-1'],
    });
    expect(await feed).toEqual(raised);
    expect(raised).toMatchObject({ messageKey: 'event.lightFault', params: { facility: '测试灯' }, severity: 'info' });
  });

  it('stops sending frames to a client that stops following, and ignores malformed requests', async () => {
    const socket = open(dutyCookie);
    await connected(socket);
    let frames = 0;
    socket.on('positions:frame', () => frames++);
    socket.emit('positions:follow', { follow: 'nope' } as never);
    // The follow request and the next report travel on different connections: wait until the server applied it.
    await socket.timeout(5000).emitWithAck('positions:follow', { follow: false });
    await report(121.4401);
    await new Promise((r) => setTimeout(r, 200));
    expect(frames).toBe(0);
    expect(socket.connected).toBe(true);
    const slot = t.app.services.liveUnits.unitByCode('SW-1')!.slot;
    const received = nextRecordFor(socket, slot);
    await socket.timeout(5000).emitWithAck('positions:follow', { follow: true });
    await report(121.4402);
    expect((await received).record.lng).toBeCloseTo(121.4402, 7);
  });

  it('lets a field unit connect without receiving the map', async () => {
    const socket = open(await sessionCookieFor(t.app, 'field_unit', t.unitIds['SW-1']));
    await connected(socket);
    let frames = 0;
    socket.on('positions:frame', () => frames++);
    await report(121.4501);
    await new Promise((r) => setTimeout(r, 200));
    expect(frames).toBe(0);
  });

  it('ends the live connection when its session ends', async () => {
    // A second Socket.IO server on its own port, re-checking sessions every 100 ms instead of every minute.
    const httpServer = createServer();
    const realtime = createRealtimeServer(httpServer, { auth: t.app.services.auth, hub: new LiveHub(), sessionRecheckMs: 100 });
    httpServer.listen(0, '127.0.0.1');
    await once(httpServer, 'listening');
    try {
      const cookie = await sessionCookieFor(t.app, 'dispatcher');
      const socket = open(cookie, `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`);
      await connected(socket);
      const disconnected = new Promise((resolve) => socket.once('disconnect', resolve));
      const token = decodeURIComponent(cookie.split('=')[1]);
      await t.app.services.auth.signOut(token, (await t.app.services.auth.userForToken(token))!, null);
      expect(await disconnected).toBe('io server disconnect');
    } finally {
      await realtime.close();
      httpServer.close();
    }
  });
  // Last in this file: it moves the app's broadcasts to a Socket.IO server of its own, whose connections it can cut.
  it('keeps a browser client in step: snapshot, frames, and a fresh snapshot after the connection drops', async () => {
    const httpServer = createServer();
    const realtime = createRealtimeServer(httpServer, { auth: t.app.services.auth, hub: t.app.services.liveHub });
    httpServer.listen(0, '127.0.0.1');
    await once(httpServer, 'listening');
    const duty = (await t.app.services.auth.userForToken(decodeURIComponent(dutyCookie.split('=')[1])))!;
    const caller = createCallerFactory(appRouter)({
      services: t.app.services,
      user: duty,
      sessionToken: undefined,
      ip: null,
      setCookie: () => undefined,
    });
    const client = new LiveUnitsClient({
      fetchSnapshot: () => caller.units.snapshot(),
      url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
      socketOptions: { transports: ['websocket'], extraHeaders: { cookie: dutyCookie }, reconnectionDelay: 50, reconnectionDelayMax: 100 },
    });
    const until = async (what: string, test: () => boolean, timeoutMs = 4000) => {
      for (const started = Date.now(); !test();) {
        if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    try {
      client.connect();
      await until('live', () => client.getState().connection === 'live');
      // Read once at once (units show before the socket is up) and once on connect (no frame in between lost).
      expect(client.snapshotsLoaded).toBe(2);
      const slot = client.model.slotOf(t.unitIds['SW-1'])!;
      expect(client.getState().units[slot].code).toBe('SW-1');

      await report(121.4601);
      await until('the reported position to be drawn', () => Math.abs(client.model.positionOf(slot)![0] - 121.4601) < 1e-6);

      for (const socket of await realtime.io.fetchSockets()) (socket as unknown as { conn: { close(): void } }).conn.close();
      await until('the drop to be noticed', () => client.getState().connection !== 'live');
      await until('live again', () => client.getState().connection === 'live');
      expect(client.snapshotsLoaded).toBe(3);
      await report(121.4602);
      await until('frames after the reconnect', () => Math.abs(client.model.positionOf(slot)![0] - 121.4602) < 1e-6);
    } finally {
      client.disconnect();
      await realtime.close();
      httpServer.close();
    }
  });
});
