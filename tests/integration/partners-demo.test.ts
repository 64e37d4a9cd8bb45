/**
 * The demonstration's simulated 12345 and 区城运 over real HTTP on both dialects: a ticket arrives through the signed
 * partner interface and becomes an order with its 12345 number; the simulated platform hears the order's steps
 * back; unit positions go to 区城运 in batches through the outbox; a batch that keeps failing becomes a dead letter
 * that, replayed, is delivered exactly once. A partner configured for real is never taken over by the demo.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/auth/auth.service';
import { stPoint } from '@/db/st';
import { sendError } from '@/server/http/request';
import { ManualClock } from '@/server/clock';
import { DEMO_PARTNER_MARK, DemoPlatforms } from '@/server/sim/demo-platforms';
import { fetchTransport, MAX_ATTEMPTS } from '@/server/partners/partner-delivery.service';
import { createPartnerRoutes } from '@/server/partners/partner-inbound.route';
import { PositionFeed } from '@/server/partners/position-feed';
import { type PlatformSimulator, startPlatformSimulator } from '@/server/sim/platform-simulator';
import type { SnapshotUnit } from '@/server/units/live-types';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { type HubHarness, hubHarness, insertSubDistricts, insertUnits, insertUser, offset, WEST } from './orders-fixture';

const AT: [number, number] = [121.41, 31.21];

function unitAt(id: number, lng: number, fixAt: number): SnapshotUnit {
  return {
    slot: id,
    id,
    code: `U${id}`,
    kind: 'handler',
    name: `处置${id}`,
    subDistrictCode: WEST.code,
    synthetic: true,
    online: true,
    position: { lng, lat: AT[1], speedMps: 1, headingDeg: 90, at: fixAt },
    lastSeenAt: fixAt,
    source: 'simulator',
    device: null,
  };
}

describe.each(dialects)('simulated 12345 and 区城运 on %s', (dialect) => {
  let database: TestDatabase;
  let harness: HubHarness;
  let server: Server;
  let demo: DemoPlatforms;
  let admin: SessionUser;
  const clock = new ManualClock('2026-11-22T02:00:00Z');

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await insertSubDistricts(database.db);
    await insertUnits(database.db, [{ code: 'H1', kind: 'handler', subDistrictCode: WEST.code, at: offset(AT, 120, 0) }]);
    await database.db
      .insertInto('addresses')
      .values({
        name: '长宁路1号',
        address: '长宁区长宁路1号',
        road: '长宁路',
        house_number: 1,
        sub_district_code: WEST.code,
        geom: stPoint(offset(AT, 0, 40)),
      })
      .execute();
    admin = await insertUser(database.db, 'sys', '系统管理员', 'system_admin');
    harness = hubHarness(database, clock, fetchTransport);
    const [route] = createPartnerRoutes({ db: database.db, clock, intake: harness.hub.intake });
    server = createServer((req, res) => {
      route.handle(req, res, new URL(req.url ?? '/', 'http://localhost')).catch((error: unknown) => sendError(res, error));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    demo = new DemoPlatforms({
      db: database.db,
      clock,
      deliveries: harness.hub.partnerDeliveries,
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      seed: 7,
      mode: 'on-demand',
    });
    expect(await demo.start()).toEqual(['hotline_12345', 'city_ops']);
    harness.services.demoPlatforms = demo;
  });
  afterAll(async () => {
    await demo?.stop();
    await new Promise((resolve) => server?.close(resolve));
    await database?.drop();
  });

  it('a 12345 ticket arrives signed with its number, and the hotline hears the order’s steps back', async () => {
    const sent = await harness.caller(admin).dispatch.partners.simulateTicket({
      partner: 'hotline_12345',
      category: 'sanitation.bin_overflow',
      location: { lng: AT[0], lat: AT[1] },
    });
    expect(sent).toMatchObject({
      status: 201,
      ref: expect.stringMatching(/^12345-20261122-\d{5}$/),
      code: expect.stringMatching(/^LR20261122-\d{6}$/),
    });
    const order = await database.db.selectFrom('orders').selectAll().where('code', '=', sent.code!).executeTakeFirstOrThrow();
    expect(order).toMatchObject({ source: 'hotline_12345', external_ref: sent.ref, category_code: 'sanitation.bin_overflow' });
    expect(order.reporter_phone).toMatch(/\*{4}/);

    await harness.hub.partnerDeliveries.deliverDue();
    const hotline = (await harness.caller(admin).dispatch.partners.simulated()).find((p) => p.partner === 'hotline_12345')!;
    expect(hotline.sent[0]).toEqual({ ref: sent.ref, code: sent.code, status: 201 });
    // Registered, checked and (the nearest handler 120 m away) dispatched automatically: each reported, in order.
    expect(
      hotline.reports
        .filter((r) => r.ref === sent.ref)
        .map((r) => r.action)
        .reverse(),
    ).toEqual(['create', 'approve', 'dispatch']);
  });

  it('numbers the next ticket on and leaves a partner configured for real alone', async () => {
    const second = await demo.sendTicket('hotline_12345');
    expect(second.status).toBe(201);
    const partner = await database.db.selectFrom('partners').select('name').where('code', '=', 'hotline_12345').executeTakeFirstOrThrow();
    expect(partner.name.endsWith(DEMO_PARTNER_MARK)).toBe(true);

    await harness.caller(admin).dispatch.partners.configure({
      code: 'city_ops',
      name: '区城运平台',
      inboundSecret: 'x'.repeat(32),
      outboundUrl: 'http://127.0.0.1:9/reports',
      outboundSecret: 'y'.repeat(32),
    });
    const other = new DemoPlatforms({
      db: database.db,
      clock,
      deliveries: harness.hub.partnerDeliveries,
      baseUrl: 'http://127.0.0.1:9',
      seed: 8,
      mode: 'on-demand',
    });
    expect(await other.start()).toEqual(['hotline_12345']);
    await other.stop();
  });

  it('sends 区城运 the units’ positions in batches; a batch that kept failing is replayed and delivered once', async () => {
    const platform: PlatformSimulator = await startPlatformSimulator({ secret: 'o'.repeat(32), now: () => clock.now().getTime() });
    try {
      await harness.caller(admin).dispatch.partners.configure({
        code: 'city_ops',
        name: '区城运平台',
        inboundSecret: 'i'.repeat(32),
        outboundUrl: platform.reportUrl,
        outboundSecret: 'o'.repeat(32),
      });
      await harness.hub.partnerDeliveries.deliverDue();
      let units = [unitAt(1, AT[0], 1000), unitAt(2, AT[0] + 0.001, 1000)];
      const feed = new PositionFeed({ db: database.db, clock, units: () => units });
      expect(await feed.queueChanged()).toBe(2);
      expect(await feed.queueChanged()).toBe(0); // nothing moved
      expect(await harness.hub.partnerDeliveries.deliverDue()).toEqual({ delivered: 1, failed: 0, dead: 0 });
      expect(platform.positionBatches).toHaveLength(1);
      expect(platform.positionBatches[0].positions.map((p) => p.code)).toEqual(['U1', 'U2']);

      units = [unitAt(1, AT[0] + 0.002, 2000), units[1]];
      expect(await feed.queueChanged()).toBe(1);
      platform.failNext(1000, 503);
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        await harness.hub.partnerDeliveries.deliverDue();
        clock.advanceMinutes(61);
      }
      const dead = await harness.caller(admin).dispatch.partners.outbox({ status: 'dead' });
      expect(dead).toEqual([
        expect.objectContaining({ partner: 'city_ops', kind: 'positions', attempts: MAX_ATTEMPTS, lastError: 'HTTP 503' }),
      ]);

      platform.failNext(0);
      await harness.caller(admin).dispatch.partners.replayOutbox({ id: dead[0].id });
      await expect(harness.caller(admin).dispatch.partners.replayOutbox({ id: dead[0].id })).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await harness.hub.partnerDeliveries.deliverDue()).toMatchObject({ delivered: 1 });
      expect(await harness.hub.partnerDeliveries.deliverDue()).toEqual({ delivered: 0, failed: 0, dead: 0 });
      expect(platform.positionBatches).toHaveLength(2);
      expect(platform.positionBatches[1].positions).toEqual([expect.objectContaining({ code: 'U1', lng: AT[0] + 0.002 })]);
      expect(await harness.caller(admin).dispatch.partners.outbox({ status: 'dead' })).toEqual([]);
    } finally {
      await platform.close();
    }
  });
});
