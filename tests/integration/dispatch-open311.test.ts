/**
 * Open311 GeoReport v2 over real HTTP on both dialects: discovery and services in JSON and XML, filing a request
 * with an api_key from the registry of outside clients (and the refusals the specification lists), following it as
 * our states move (open/closed with status notes), what "public" means, and a conformance suite in which each test
 * quotes the specification sentence it checks (http://wiki.open311.org/GeoReport_v2).
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/auth/auth.service';
import { createOpen311Routes } from '@/server/open311/open311.route';
import { UploadStore } from '@/server/uploads/upload-store';
import { ManualClock } from '@/server/clock';
import { stPoint } from '@/db/st';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { type HubHarness, hubHarness, insertSubDistricts, insertUnits, insertUser, offset, WEST } from './orders-fixture';

const AT: [number, number] = [121.41, 31.21];

describe.each(dialects)('Open311 GeoReport v2 on %s', (dialect) => {
  let database: TestDatabase;
  let harness: HubHarness;
  let server: Server;
  let base: string;
  let apiKey: string;
  let dispatcher: SessionUser;
  const clock = new ManualClock('2026-11-22T02:00:00Z');
  const uploadsDir = mkdtempSync(join(tmpdir(), 'open311-uploads-'));

  const get = async (path: string) => {
    const response = await fetch(`${base}/open311/v2${path}`);
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
  };
  const post = async (fields: Record<string, string>, path = '/requests.json') => {
    const response = await fetch(`${base}/open311/v2${path}`, { method: 'POST', body: new URLSearchParams(fields) });
    return { status: response.status, json: (await response.json()) as Array<Record<string, unknown>> };
  };

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await insertSubDistricts(database.db);
    await insertUnits(database.db, [{ code: 'L1', kind: 'lighting_repair', subDistrictCode: WEST.code, at: offset(AT, 100, 0) }]);
    dispatcher = await insertUser(database.db, 'disp', '调度员', 'dispatcher');
    harness = hubHarness(database, clock);
    const admin = await insertUser(database.db, 'sys', '系统管理员', 'system_admin');
    await expect(harness.caller(dispatcher).dispatch.partners.registerOpen311Client({ name: 'x' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    ({ apiKey } = await harness.caller(admin).dispatch.partners.registerOpen311Client({ name: 'FixMyStreet Changning' }));
    const [route] = createOpen311Routes({ open311: harness.hub.open311, clock, uploads: new UploadStore(uploadsDir) });
    server = createServer((req, res) => void route.handle(req, res, new URL(req.url ?? '/', 'http://localhost')));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await database?.drop();
    rmSync(uploadsDir, { recursive: true, force: true });
  });

  it('describes itself and its services in JSON and XML', async () => {
    const discovery = JSON.parse((await get('/discovery.json')).text);
    expect(discovery.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: `${base}/open311/v2`,
      formats: ['application/json', 'text/xml'],
    });
    const xml = await get('/discovery.xml');
    expect(xml.type).toContain('text/xml');
    expect(xml.text).toContain('<endpoints><endpoint><specification>http://wiki.open311.org/GeoReport_v2</specification>');
    expect(xml.text).toContain('<formats><format>application/json</format><format>text/xml</format></formats>');

    const services = JSON.parse((await get('/services.json')).text) as Array<Record<string, unknown>>;
    expect(services).toContainEqual(
      expect.objectContaining({
        service_code: 'lighting.not_lit',
        service_name: '灯光不亮 / Light not working',
        metadata: false,
        type: 'realtime',
        group: '景观灯光',
      }),
    );
    expect((await get('/services.xml')).text).toContain(
      '<service><service_code>cityscape.outdoor_business</service_code><service_name>出店经营 / Business spilling out of the shop</service_name>',
    );
    expect(JSON.parse((await get('/services/lighting.not_lit.json')).text)).toEqual({ service_code: 'lighting.not_lit', attributes: [] });
    const missing = await get('/services/no.such.json');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toEqual([{ code: 404, description: 'service_code no.such not found' }]);
  });

  it('files a request with an api_key, and refuses one without', async () => {
    const fields = {
      service_code: 'lighting.not_lit',
      lat: String(AT[1]),
      long: String(AT[0]),
      description: '路灯不亮',
      phone: '13900000000',
      first_name: '陈',
    };
    expect(await post(fields)).toEqual({ status: 403, json: [{ code: 403, description: 'api_key missing or not valid' }] });
    expect((await post({ ...fields, api_key: 'guessed' })).status).toBe(403);
    expect(await post({ api_key: apiKey, service_code: 'lighting.not_lit' })).toEqual({
      status: 400,
      json: [{ code: 400, description: 'lat and long, address_string or address_id required' }],
    });
    expect((await post({ ...fields, api_key: apiKey, service_code: 'nope' })).status).toBe(404);

    const filed = await post({ ...fields, api_key: apiKey });
    expect(filed.status).toBe(201);
    expect(filed.json).toEqual([
      {
        service_request_id: expect.stringMatching(/^LR20261122-\d{6}$/),
        service_notice: expect.stringContaining('已受理'),
        account_id: null,
      },
    ]);
    const code = String(filed.json[0].service_request_id);
    const followed = JSON.parse((await get(`/requests/${code}.json`)).text) as Array<Record<string, unknown>>;
    expect(followed).toEqual([
      expect.objectContaining({
        service_request_id: code,
        status: 'open',
        status_notes: '已派单 / Dispatched',
        service_code: 'lighting.not_lit',
        description: '路灯不亮',
        requested_datetime: '2026-11-22T10:00:00+08:00',
        expected_datetime: '2026-11-23T02:00:00+08:00',
        lat: AT[1],
        long: AT[0],
      }),
    ]);
    expect(JSON.stringify(followed)).not.toContain('13900000000'); // the reporter's phone stays inside
    // A staff note (here a recall's reason) is the staff's own: the reporter sees the state, not the note.
    const orderId = (await harness.hub.orders.byCode(code)).id;
    await harness.caller(dispatcher).orders.transition({ orderId, action: 'recall', note: '内部：该班组今日缺员，改派' });
    const recalled = JSON.parse((await get(`/requests/${code}.json`)).text) as Array<Record<string, unknown>>;
    expect(recalled[0].status).toBe('open');
    expect(JSON.stringify(recalled)).not.toContain('缺员');
    const createdBy = (await harness.hub.orders.detail(orderId)).timeline[0];
    expect(createdBy).toMatchObject({
      actorName: 'Open311: FixMyStreet Changning',
      detail: { open311: { client: 'FixMyStreet Changning' } },
    });
  });

  it('maps our states to open/closed with status notes, filters, and publishes 12345 orders without their words', async () => {
    const held = await post({ api_key: apiKey, service_code: 'lighting.damaged', address_string: '长宁区某路1号' }); // no point: waits for a person
    const code = String(held.json[0].service_request_id);
    expect(JSON.parse((await get(`/requests/${code}.json`)).text)[0]).toMatchObject({
      status: 'open',
      status_notes: '待审核 / Under review',
      lat: null,
    });
    clock.advanceMinutes(10);
    const orderId = (await harness.hub.orders.byCode(code)).id;
    await harness.caller(dispatcher).orders.transition({ orderId, action: 'void', note: '与 12345 工单重复' });
    expect(JSON.parse((await get(`/requests/${code}.json`)).text)[0]).toMatchObject({
      status: 'closed',
      status_notes: '已作废 / Voided：与 12345 工单重复',
    });

    await harness.caller(dispatcher).orders.create({
      source: 'hotline_12345',
      categoryCode: 'lighting.damaged',
      description: '不公开',
      location: { lng: 121.405, lat: 31.205 },
    });
    // Every public order is listed (domain/open311/public-requests.ts); a 12345 caller's words are not published.
    const all = JSON.parse((await get('/requests.json')).text) as Array<Record<string, unknown>>;
    expect(all.map((r) => r.service_request_id)).toHaveLength(3);
    expect(all.every((r) => r.description !== '不公开')).toBe(true);
    expect(all.find((r) => r.service_code === 'lighting.damaged' && r.description === null)).toBeDefined();
    expect((JSON.parse((await get('/requests.json?status=closed')).text) as unknown[]).length).toBe(1);
    expect((JSON.parse((await get('/requests.json?service_code=lighting.not_lit&status=open')).text) as unknown[]).length).toBe(1);
    expect(JSON.parse((await get('/requests.json?start_date=2026-12-01T00:00:00Z')).text)).toEqual([]);
    expect((await get('/requests.json?status=maybe')).status).toBe(400);
    const xml = (await get(`/requests/${code}.xml`)).text;
    expect(xml).toContain(`<service_requests><request><service_request_id>${code}</service_request_id><status>closed</status>`);
    expect(xml).toContain('<address_id/>');
    expect((await get('/requests/LR20990101-000001.json')).status).toBe(404);
    expect((await get('/nothing.json')).status).toBe(404);
  });

  describe('conformance, sentence by sentence', () => {
    const fields = () => ({ api_key: apiKey, service_code: 'lighting.not_lit', lat: String(AT[1]), long: String(AT[0]) });
    const list = async (query: string) => {
      const r = await get(`/requests.json${query}`);
      return { status: r.status, json: JSON.parse(r.text) as Array<Record<string, unknown>> };
    };

    it('"status … Options: open, closed … Multiple values may be comma delimited"', async () => {
      const both = await list('?status=open,closed');
      expect(both.status).toBe(200);
      expect(both.json.length).toBe((await list('')).json.length);
      expect((await list('?status=open,maybe')).status).toBe(400);
    });

    it('"service_code … Multiple values may be comma delimited"', async () => {
      const one = (await list('?service_code=lighting.not_lit')).json.length;
      const two = (await list('?service_code=lighting.not_lit,lighting.damaged')).json.length;
      expect(two).toBeGreaterThan(one);
    });

    it('"service_request_id … This overrides all other arguments."', async () => {
      const [first] = (await list('')).json;
      const found = await list(
        `?service_request_id=${String(first.service_request_id)}&status=closed&service_code=nothing&start_date=2000-01-01T00:00:00Z&end_date=2000-01-02T00:00:00Z`,
      );
      expect(found.json.map((r) => r.service_request_id)).toEqual([first.service_request_id]);
    });

    it('"start_date … Must use w3 format, eg 2010-01-01T00:00:00Z" and "may not span more than 90 days"', async () => {
      expect((await list('?start_date=2026-11-22T00:00:00Z')).status).toBe(200);
      const zoneless = await list('?start_date=2026-11-22T00:00:00');
      expect(zoneless.status).toBe(400);
      expect(zoneless.json[0].description).toMatch(/W3C/);
      expect((await list('?start_date=22/11/2026')).status).toBe(400);
      expect((await list('?start_date=2026-01-01T00:00:00Z&end_date=2026-11-22T00:00:00Z')).status).toBe(400);
    });

    it('"Location: lat & long, address_string, or address_id" — address_id alone is enough', async () => {
      const address = await database.db
        .insertInto('addresses')
        .values({
          name: '测试门牌',
          address: '长宁区测试路1号',
          road: '测试路',
          house_number: 1,
          sub_district_code: WEST.code,
          geom: stPoint(AT),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const filed = await post({ api_key: apiKey, service_code: 'lighting.not_lit', address_id: String(address.id) });
      expect(filed.status).toBe(201);
      const [request] = (await list(`?service_request_id=${String(filed.json[0].service_request_id)}`)).json;
      expect(request).toMatchObject({ address: '长宁区测试路1号', lat: AT[1], long: AT[0] });
      expect((await post({ api_key: apiKey, service_code: 'lighting.not_lit', address_id: '99999999' })).status).toBe(400);
    });

    it('"404 - service_code or service_request_id not found"', async () => {
      expect((await post({ ...fields(), service_code: 'no.such' })).json).toEqual([
        { code: 404, description: 'service_code no.such not found' },
      ]);
      expect((await get('/requests/LR20990101-000001.json')).status).toBe(404);
    });

    it('"description … free form text limited to 4,000 characters" — longer is refused, never cut', async () => {
      const long = '灯'.repeat(4000);
      const filed = await post({ ...fields(), description: long });
      expect(filed.status).toBe(201);
      const [request] = (await list(`?service_request_id=${String(filed.json[0].service_request_id)}`)).json;
      expect(request.description).toBe(long);
      const tooLong = await post({ ...fields(), description: `${long}灯` });
      expect(tooLong.status).toBe(400);
      expect(tooLong.json[0].description).toMatch(/4001 characters; at most 4000/);
    });

    it('"media_url: A URL to media associated with the request" — kept and returned', async () => {
      const filed = await post({ ...fields(), media_url: 'https://example.org/photo.jpg' });
      const [request] = (await list(`?service_request_id=${String(filed.json[0].service_request_id)}`)).json;
      expect(request.media_url).toBe('https://example.org/photo.jpg');
      expect((await post({ ...fields(), media_url: 'javascript:alert(1)' })).status).toBe(400);
    });

    it('takes the multipart photo upload FixMyStreet sends, serves it at media_url, refuses a non-photo', async () => {
      // FixMyStreet perllib/Open311.pm _post: with uploads it posts multipart/form-data, the photo in field "media".
      const jpeg = Buffer.from(
        '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
        'base64',
      );
      const form = new FormData();
      for (const [k, v] of Object.entries(fields())) form.append(k, v);
      form.append('media', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'photo.jpg');
      const response = await fetch(`${base}/open311/v2/requests.json`, { method: 'POST', body: form });
      expect(response.status).toBe(201);
      const [{ service_request_id: code }] = (await response.json()) as Array<{ service_request_id: string }>;
      const [request] = (await list(`?service_request_id=${code}`)).json;
      expect(request.media_url).toMatch(new RegExp(`^${base}/open311/v2/media/[0-9a-f]{64}$`));
      const photo = await fetch(String(request.media_url));
      expect(photo.headers.get('content-type')).toBe('image/jpeg');
      expect(Buffer.from(await photo.arrayBuffer()).equals(jpeg)).toBe(true);
      const order = await harness.hub.orders.detail((await harness.hub.orders.byCode(code)).id);
      expect(order.attachments).toEqual([expect.objectContaining({ purpose: 'report', mediaType: 'image/jpeg' })]);

      const script = new FormData();
      for (const [k, v] of Object.entries(fields())) script.append(k, v);
      script.append('media', new Blob(['<script>alert(1)</script>'], { type: 'image/jpeg' }), 'x.jpg');
      expect((await fetch(`${base}/open311/v2/requests.json`, { method: 'POST', body: script })).status).toBe(400);
      expect((await fetch(`${base}/open311/v2/media/${'0'.repeat(64)}`)).status).toBe(404);
    });

    it('refuses a point outside this jurisdiction with the specification’s error list', async () => {
      const outside = await post({ ...fields(), lat: '31.2304', long: '121.4737' }); // the Bund, Huangpu
      expect(outside.status).toBe(400);
      expect(outside.json[0].description).toMatch(/outside this jurisdiction/);
    });

    it('never shows a name, a phone number, an e-mail or a staff note to anyone', async () => {
      await post({ ...fields(), first_name: '王', last_name: '五', phone: '13711112222', email: 'w5@example.org', description: '灯坏了' });
      const everything = (await get('/requests.json')).text + (await get('/requests.xml')).text;
      for (const secret of ['王 五', '13711112222', 'w5@example.org', '缺员']) expect(everything).not.toContain(secret);
    });
  });
});
