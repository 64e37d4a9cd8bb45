/**
 * The two-way link with 区城运 (and 12345, the same interface) on both dialects, over real HTTP both ways with the
 * platform simulator: signed, idempotent intake; refusals; reports back in order, signed, once each; retries with
 * backoff under a controllable clock; dead letters an administrator sees and replays.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/auth/auth.service';
import { sendError } from '@/server/http/request';
import { ManualClock } from '@/server/clock';
import { fetchTransport, MAX_ATTEMPTS } from '@/server/partners/partner-delivery.service';
import { createPartnerRoutes } from '@/server/partners/partner-inbound.route';
import { type PlatformSimulator, sendOrderToOneMap, startPlatformSimulator } from '@/server/sim/platform-simulator';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { type HubHarness, hubHarness, insertSubDistricts, insertUnits, insertUser, offset, photoHash, WEST } from './orders-fixture';

const AT: [number, number] = [121.41, 31.21];
const IN_SECRET = 'city-ops-to-onemap-shared-secret';
const OUT_SECRET = 'onemap-to-city-ops-shared-secret';

describe.each(dialects)('区城运 link on %s', (dialect) => {
  let database: TestDatabase;
  let harness: HubHarness;
  let platform: PlatformSimulator;
  let server: Server;
  let baseUrl: string;
  let field: SessionUser;
  let admin: SessionUser;
  let dispatcher: SessionUser;
  const clock = new ManualClock('2026-11-22T02:00:00Z');
  let n = 0;

  const order = (over: Record<string, unknown> = {}) => ({
    ref: `CY-${++n}`,
    category: 'cityscape.dumping',
    description: '人行道上堆放大量装修垃圾',
    address: '长宁区某路88号',
    // 60 m apart, so no order looks like a duplicate of the one before.
    location: { lng: AT[0], lat: offset(AT, 0, n * 60 - 300)[1] },
    urgency: 'high' as const,
    ...over,
  });
  const send = (body: ReturnType<typeof order>, key: string, options: { timestampMs?: number; secret?: string; raw?: string } = {}) =>
    sendOrderToOneMap(baseUrl, 'city_ops', options.secret ?? IN_SECRET, body, {
      idempotencyKey: key,
      timestampMs: options.timestampMs ?? clock.now().getTime(),
      body: options.raw,
    });

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await insertSubDistricts(database.db);
    const units = await insertUnits(database.db, [{ code: 'H1', kind: 'handler', subDistrictCode: WEST.code, at: offset(AT, 150, 0) }]);
    platform = await startPlatformSimulator({ secret: OUT_SECRET, now: () => clock.now().getTime() });
    harness = hubHarness(database, clock, fetchTransport);
    field = await insertUser(database.db, 'h1', '周师傅', 'field_unit', units.H1);
    admin = await insertUser(database.db, 'sys', '系统管理员', 'system_admin');
    dispatcher = await insertUser(database.db, 'disp', '调度员', 'dispatcher');
    const link = {
      code: 'city_ops' as const,
      name: '区城运平台',
      inboundSecret: IN_SECRET,
      outboundUrl: platform.reportUrl,
      outboundSecret: OUT_SECRET,
    };
    await expect(harness.caller(dispatcher).dispatch.partners.configure(link)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(harness.caller(admin).dispatch.partners.configure({ ...link, inboundSecret: 'short' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await harness.caller(admin).dispatch.partners.configure(link);
    const [route] = createPartnerRoutes({ db: database.db, clock, intake: harness.hub.intake });
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      route.handle(req, res, url).catch((error: unknown) => sendError(res, error));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await platform?.close();
    await database?.drop();
  });

  it('takes a signed order once, answering a retry with the first answer', async () => {
    const body = order();
    const first = await send(body, 'key-1');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      ref: body.ref,
      code: expect.stringMatching(/^LR20261122-\d{6}$/),
      status: 'dispatched',
      created: true,
    });
    const again = await send(body, 'key-1');
    expect(again).toMatchObject({ status: 201, body: first.body, replayed: true });
    const otherKey = await send(body, 'key-2');
    expect(otherKey).toMatchObject({ status: 200, body: { code: first.body.code, created: false }, replayed: false });
    const stored = await database.db
      .selectFrom('orders')
      .select(['source', 'external_ref', 'priority'])
      .where('code', '=', String(first.body.code))
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ source: 'city_ops', external_ref: body.ref, priority: 2 });
  });

  it('refuses what is not signed right, is stale, lacks a key or reuses one, or is malformed', async () => {
    const body = order();
    expect((await send(body, 'k-bad', { secret: 'guess' })).status).toBe(401);
    const stale = await send(body, 'k-stale', { timestampMs: clock.now().getTime() - 6 * 60_000 });
    expect(stale).toMatchObject({ status: 401, body: { error: { messageKey: 'partners.error.stale' } } });
    expect((await send(body, '')).status).toBe(400);
    await send(body, 'k-used');
    expect(await send(order(), 'k-used')).toMatchObject({
      status: 409,
      body: { error: { messageKey: 'partners.error.idempotencyMismatch' } },
    });
    const bad = order({ location: { lng: 'east', lat: 31.2 } });
    const malformed = await send(bad, 'k-malformed');
    expect(malformed).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('location.lng') } } });
    expect(await send(bad, 'k-malformed')).toMatchObject({ status: 400, replayed: true });
    expect((await send(body, 'k-json', { raw: '{"ref": ' })).status).toBe(400);
    const unknown = await fetch(`${baseUrl}/api/partners/someone/orders`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
    expect((await fetch(`${baseUrl}/api/partners/city_ops/orders`)).status).toBe(405);
    expect(platform.rejected).toBe(0);
  });

  it('reports each step back in order, signed, once', async () => {
    await harness.hub.partnerDeliveries.deliverDue(); // earlier tests' orders
    const before = platform.reports.length;
    const { body } = await send(order(), 'key-steps');
    const orderId = (await harness.hub.orders.byCode(String(body.code))).id;
    await harness.caller(field).orders.transition({ orderId, action: 'accept' });
    expect(await harness.hub.partnerDeliveries.deliverDue()).toEqual({ delivered: 4, failed: 0, dead: 0 });
    const mine = platform.reports.slice(before).filter((r) => r.message.code === body.code);
    expect(mine.map((r) => r.message.event.action)).toEqual(['create', 'approve', 'dispatch', 'accept']);
    expect(mine[2].message).toMatchObject({
      ref: body.ref,
      event: { to: 'dispatched', units: [{ code: 'H1', kind: 'handler', distanceM: expect.any(Number), etaMinutes: expect.any(Number) }] },
    });
    expect(mine.every((r) => r.idempotencyKey === `onemap-event-${r.message.event.id}`)).toBe(true);
    expect(await harness.hub.partnerDeliveries.deliverDue()).toEqual({ delivered: 0, failed: 0, dead: 0 });
  });

  it('retries a failed report with backoff, keeping the order’s later steps behind it', async () => {
    const { body } = await send(order(), 'key-retry');
    await harness.hub.partnerDeliveries.deliverDue();
    const orderId = (await harness.hub.orders.byCode(String(body.code))).id;
    await harness.caller(field).orders.transition({ orderId, action: 'accept' });
    await harness.caller(field).orders.transition({ orderId, action: 'start' });
    await harness.caller(field).orders.transition({
      orderId,
      action: 'complete',
      note: '已清运',
      attachments: [{ contentHash: photoHash(7), mediaType: 'image/jpeg', byteSize: 123_456, purpose: 'after' }],
    });
    platform.failNext(2);
    expect(await harness.hub.partnerDeliveries.deliverDue()).toEqual({ delivered: 0, failed: 1, dead: 0 }); // accept failed; start, complete wait
    expect(await harness.hub.partnerDeliveries.deliverDue()).toEqual({ delivered: 0, failed: 0, dead: 0 }); // not due for 30 s
    clock.advanceMinutes(0.5);
    expect(await harness.hub.partnerDeliveries.deliverDue()).toEqual({ delivered: 0, failed: 1, dead: 0 });
    clock.advanceMinutes(0.5); // the second wait is a minute
    expect(await harness.hub.partnerDeliveries.deliverDue()).toEqual({ delivered: 0, failed: 0, dead: 0 });
    clock.advanceMinutes(0.5);
    expect(await harness.hub.partnerDeliveries.deliverDue()).toEqual({ delivered: 3, failed: 0, dead: 0 });
    const mine = platform.reports.filter((r) => r.message.code === body.code).map((r) => r.message.event);
    expect(mine.map((e) => e.action)).toEqual(['create', 'approve', 'dispatch', 'accept', 'start', 'complete']);
    expect(mine[5]).toMatchObject({
      to: 'awaiting_check',
      note: '已清运',
      evidence: [{ purpose: 'after', contentHash: photoHash(7), mediaType: 'image/jpeg' }],
    });
  });

  it('turns a report that keeps failing into a dead letter an administrator sees and replays', async () => {
    await harness.hub.partnerDeliveries.deliverDue();
    const { body } = await send(order(), 'key-dead');
    platform.failNext(1000, 500);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await harness.hub.partnerDeliveries.deliverDue();
      clock.advanceMinutes(61);
    }
    const dead = await harness.caller(admin).dispatch.partners.deliveries({ status: 'dead' });
    expect(dead).toEqual([
      expect.objectContaining({ orderCode: body.code, ref: body.ref, action: 'create', attempts: MAX_ATTEMPTS, lastError: 'HTTP 500' }),
    ]);
    await expect(harness.caller(dispatcher).dispatch.partners.deliveries({ status: 'dead' })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    platform.failNext(0);
    expect(await harness.hub.partnerDeliveries.deliverDue()).toEqual({ delivered: 0, failed: 0, dead: 0 }); // stuck behind the dead letter
    await harness.caller(admin).dispatch.partners.replay({ eventId: dead[0].eventId });
    await expect(harness.caller(admin).dispatch.partners.replay({ eventId: dead[0].eventId })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await harness.hub.partnerDeliveries.deliverDue()).delivered).toBe(3); // create, approve, dispatch
    expect(await harness.caller(admin).dispatch.partners.deliveries({ status: 'dead' })).toEqual([]);
  });
});
