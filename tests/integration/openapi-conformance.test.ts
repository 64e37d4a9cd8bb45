/**
 * The served OpenAPI 3.1 document cannot drift from the interfaces it describes: on a running app of each dialect,
 * every documented operation is called for real (device and alarm ingest, the signed partner link, Open311, the
 * knowledge terminals), and every answer is validated against the document's own JSON Schema for its status with
 * a JSON Schema 2020-12 validator. An operation added to the document without a call here fails the last test.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@/server/api/root';
import { createCallerFactory } from '@/server/api/trpc';
import type { SessionUser } from '@/server/auth/auth.service';
import { documentedOperations } from '@/server/openapi/document';
import { installSimulatedGateway } from '@/server/fees/simulated-bank';
import { signBody, signedHeaders } from '@/server/partners/hmac';
import { dialects } from './databases';
import { type LiveTestApp, startLiveApp } from './units-fixtures';

const createCaller = createCallerFactory(appRouter);
const PARTNER_SECRET = 'conformance-inbound-secret-0123456789';
const INSIDE = { lng: 121.42, lat: 31.21 }; // the fixture's east sub-district

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
}

describe.each(dialects)('the served OpenAPI document on %s', (dialect) => {
  let t: LiveTestApp;
  let doc: OpenApiDoc;
  let deviceKey: string;
  let gatewayKey: string;
  let open311Key: string;
  let terminalKey: string;
  let featureKey: string;
  let dataSourceKey: string;
  const exercised = new Set<string>();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);

  /** Calls the server, then checks the answer against the document's schema for `template` + method + status. */
  async function call(
    template: string,
    method: 'get' | 'post',
    url: string,
    init: RequestInit = {},
  ): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${t.baseUrl}${url}`, { ...init, method: method.toUpperCase() });
    const text = await response.text();
    const body: unknown = text ? JSON.parse(text) : null;
    const documented = doc.paths[template]?.[method];
    expect(documented, `${method} ${template} is documented`).toBeDefined();
    const answer = documented.responses[String(response.status)];
    expect(answer, `${method} ${template} documents status ${response.status}: ${text.slice(0, 200)}`).toBeDefined();
    const schema = answer.content?.['application/json']?.schema;
    if (schema) {
      const validate = ajv.compile(schema);
      expect(validate(body), `${method} ${template} ${response.status}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
    exercised.add(`${method} ${template}`);
    return { status: response.status, body };
  }

  beforeAll(async () => {
    t = await startLiveApp(dialect, [{ code: 'SW-1' }, { code: 'GW-1' }]);
    deviceKey = await t.app.services.liveUnits.rotateDeviceKey(t.unitIds['SW-1']);
    gatewayKey = await t.app.services.liveUnits.rotateDeviceKey(t.unitIds['GW-1']);
    const { id } = await t.database.db
      .insertInto('users')
      .values({ username: 'sys', display_name: '系统管理员', role: 'system_admin', password_hash: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const admin: SessionUser = { id, username: 'sys', displayName: '系统管理员', role: 'system_admin', unitId: null, districtCode: null };
    const caller = createCaller({ services: t.app.services, user: admin, sessionToken: undefined, ip: '127.0.0.1', setCookie: () => {} });
    await caller.dispatch.partners.configure({
      code: 'city_ops',
      name: '区城运平台',
      inboundSecret: PARTNER_SECRET,
      outboundUrl: null,
      outboundSecret: null,
    });
    open311Key = (await caller.clients.issue({ kind: 'open311', name: 'FixMyStreet' })).key;
    terminalKey = (await caller.clients.issue({ kind: 'terminal', name: '自助终端' })).key;
    featureKey = (await caller.clients.issue({ kind: 'feature-api', name: 'QGIS' })).key;
    dataSourceKey = (await caller.clients.issue({ kind: 'data-source', name: '园林所台账系统' })).key;
    doc = (await (await fetch(`${t.baseUrl}/api/openapi.json`)).json()) as OpenApiDoc;
  });
  afterAll(() => t?.close());

  it('is OpenAPI 3.1 with JSON Schema 2020-12 bodies', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).length).toBeGreaterThanOrEqual(10);
  });

  it('device ingest: a batch, an OsmAnd report by GET and by POST, and a refusal', async () => {
    const batch = await call('/api/ingest/positions', 'post', '/api/ingest/positions', {
      headers: { 'content-type': 'application/json', 'x-device-key': deviceKey },
      body: JSON.stringify({ positions: [{ deviceId: 'SW-1', ...INSIDE, timestamp: new Date().toISOString() }] }),
    });
    expect(batch.status).toBe(200);
    const seconds = Math.floor(Date.now() / 1000);
    expect(
      (await call('/api/ingest/osmand', 'get', `/api/ingest/osmand?id=SW-1:${deviceKey}&lat=31.21&lon=121.421&timestamp=${seconds}`))
        .status,
    ).toBe(200);
    const posted = await call('/api/ingest/osmand', 'post', `/api/ingest/osmand`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `id=SW-1&key=${encodeURIComponent(deviceKey)}&cell=460,0,1,2`,
    });
    expect(posted.body).toEqual({ outcome: 'recorded' });
    expect(
      (
        await call('/api/ingest/positions', 'post', '/api/ingest/positions', {
          headers: { 'content-type': 'application/json' },
          body: '{"positions":[]}',
        })
      ).status,
    ).toBe(400);
  });

  it('alarm ingest from a gateway', async () => {
    const answer = await call('/api/ingest/alarms', 'post', '/api/ingest/alarms', {
      headers: { 'content-type': 'application/json', 'x-device-key': gatewayKey },
      body: JSON.stringify({
        deviceId: 'GW-1',
        alarms: [{ objectKind: 'disposal_equipment', objectCode: 'CRUSHER-2', type: 'disposal.equipment', state: 'fault', ...INSIDE }],
      }),
    });
    expect(answer.status).toBe(200);
  });

  it('the signed partner link: created, the same ref again, and a bad signature', async () => {
    const body = JSON.stringify({ ref: 'CO-1', category: 'sanitation.bin_overflow', description: '垃圾满溢', location: INSIDE });
    const signed = (key: string, text: string) => {
      const at = Date.now();
      return {
        'content-type': 'application/json',
        'x-onemap-timestamp': String(at),
        'x-onemap-signature': signBody(PARTNER_SECRET, at, text),
        'idempotency-key': key,
      };
    };
    const template = '/api/partners/{partner}/orders';
    expect((await call(template, 'post', '/api/partners/city_ops/orders', { headers: signed('k1', body), body })).status).toBe(201);
    expect((await call(template, 'post', '/api/partners/city_ops/orders', { headers: signed('k2', body), body })).status).toBe(200);
    const forged = { ...signed('k3', body), 'x-onemap-signature': 'sha256=00' };
    expect((await call(template, 'post', '/api/partners/city_ops/orders', { headers: forged, body })).status).toBe(401);
  });

  it('Open311: discovery, services, a definition, filing, listing and one request', async () => {
    await call('/open311/v2/discovery.json', 'get', '/open311/v2/discovery.json');
    const services = (await call('/open311/v2/services.json', 'get', '/open311/v2/services.json')).body as Array<{ service_code: string }>;
    await call('/open311/v2/services/{service_code}.json', 'get', `/open311/v2/services/${services[0].service_code}.json`);
    await call('/open311/v2/services/{service_code}.json', 'get', '/open311/v2/services/no.such.json');
    const form = new URLSearchParams({
      api_key: open311Key,
      service_code: services[0].service_code,
      lat: String(INSIDE.lat),
      long: String(INSIDE.lng),
    });
    const filed = await call('/open311/v2/requests.json', 'post', '/open311/v2/requests.json', { body: form });
    expect(filed.status).toBe(201);
    expect(
      (await call('/open311/v2/requests.json', 'post', '/open311/v2/requests.json', { body: new URLSearchParams({ service_code: 'x' }) }))
        .status,
    ).toBe(403);
    const code = (filed.body as Array<{ service_request_id: string }>)[0].service_request_id;
    await call('/open311/v2/requests.json', 'get', '/open311/v2/requests.json?status=open,closed');
    await call('/open311/v2/requests/{service_request_id}.json', 'get', `/open311/v2/requests/${code}.json`);
  });

  it('the knowledge terminals', async () => {
    const headers = { 'x-api-key': terminalKey };
    expect(
      (await call('/api/knowledge/v1/search', 'get', `/api/knowledge/v1/search?q=${encodeURIComponent('垃圾分类')}`, { headers })).status,
    ).toBe(200);
    expect((await call('/api/knowledge/v1/search', 'get', '/api/knowledge/v1/search?q=x')).status).toBe(401);
    expect((await call('/api/knowledge/v1/entries/{id}', 'get', '/api/knowledge/v1/entries/999999', { headers })).status).toBe(404);
    const [id] = await t.app.services.knowledge.publishReviewed([{ type: 'form', title: '接口测试申请表', answer: '下载后填写。' }], {
      synthetic: false,
    });
    const list = '/api/knowledge/v1/entries/{id}/attachments';
    expect((await call(list, 'get', `/api/knowledge/v1/entries/${id}/attachments`, { headers })).body).toMatchObject({ attachments: [] });
    expect((await call(list, 'get', '/api/knowledge/v1/entries/999999/attachments', { headers })).status).toBe(404);
    // A file's 200 is its bytes (tests/integration/knowledge-attachments.test.ts); the refusals are JSON.
    const file = '/api/knowledge/v1/entries/{id}/attachments/{attachmentId}';
    expect((await call(file, 'get', `/api/knowledge/v1/entries/${id}/attachments/999999`, { headers })).status).toBe(404);
    expect((await call(file, 'get', `/api/knowledge/v1/entries/${id}/attachments/999999`)).status).toBe(401);
  });

  it('the OGC API – Features interface', async () => {
    const headers = { 'x-api-key': featureKey };
    expect((await call('/api/features', 'get', '/api/features', { headers })).status).toBe(200);
    expect((await call('/api/features', 'get', '/api/features')).status).toBe(401);
    expect((await call('/api/features/conformance', 'get', '/api/features/conformance', { headers })).status).toBe(200);
    expect((await call('/api/features/collections', 'get', '/api/features/collections', { headers })).status).toBe(200);
    const one = '/api/features/collections/{collectionId}';
    expect((await call(one, 'get', '/api/features/collections/toilet', { headers })).status).toBe(200);
    expect((await call(one, 'get', '/api/features/collections/nothing', { headers })).status).toBe(404);
    const items = '/api/features/collections/{collectionId}/items';
    const page = await call(items, 'get', `/api/features/collections/depot/items?limit=2&api_key=${encodeURIComponent(featureKey)}`);
    expect(page.status).toBe(200);
    expect((await call(items, 'get', '/api/features/collections/depot/items?colour=red', { headers })).status).toBe(400);
    const first = (page.body as { features: Array<{ id: number }> }).features[0];
    const item = '/api/features/collections/{collectionId}/items/{featureId}';
    if (first) expect((await call(item, 'get', `/api/features/collections/depot/items/${first.id}`, { headers })).status).toBe(200);
    expect((await call(item, 'get', '/api/features/collections/depot/items/999999999', { headers })).status).toBe(404);
  });

  it('a source system pushes facility changes', async () => {
    const push = '/api/data/facilities/push';
    const body = JSON.stringify({
      mode: 'valid',
      changes: [{ sourceId: 'YL-1', op: 'upsert', kind: '公厕', name: '天山公园公厕', lng: 121.3983, lat: 31.2158 }],
    });
    const answer = await call(push, 'post', push, { headers: { 'content-type': 'application/json', 'x-api-key': dataSourceKey }, body });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ inserted: 1 });
    const refused = await call(push, 'post', push, { headers: { 'content-type': 'application/json', 'x-api-key': featureKey }, body });
    expect(refused.status).toBe(401);
  });

  it('the bank gateway’s payment notification', async () => {
    await installSimulatedGateway(t.database.db);
    const gateway = await t.app.services.fees.billing.gateway();
    const body = JSON.stringify({
      merchantId: gateway.merchant_id,
      merchantRef: 'PAY-UNKNOWN',
      bankTxn: 'BANK-1',
      amountFen: 100,
      paidAt: new Date().toISOString(),
    });
    const signed = signedHeaders(gateway.notify_secret, Date.now(), body, 'BANK-1');
    expect((await call('/api/fees/bank/notify', 'post', '/api/fees/bank/notify', { headers: signed, body })).status).toBe(404);
    const forged = signedHeaders('not-the-secret', Date.now(), body, 'BANK-1');
    expect((await call('/api/fees/bank/notify', 'post', '/api/fees/bank/notify', { headers: forged, body })).status).toBe(401);
    expect((await call('/api/fees/bank/notify', 'post', '/api/fees/bank/notify', { headers: signed, body: '{}' })).status).toBe(401);
  });

  it('the bank’s refund result and the 数电票 platform’s invoice result', async () => {
    await installSimulatedGateway(t.database.db);
    const gateway = await t.app.services.fees.billing.gateway();
    const refund = JSON.stringify({
      merchantId: gateway.merchant_id,
      refundNo: 'TK-UNKNOWN',
      refundTxn: 'REFUND-1',
      amountFen: 100,
      refundedAt: new Date().toISOString(),
    });
    const path = '/api/fees/bank/refund-notify';
    expect(
      (await call(path, 'post', path, { headers: signedHeaders(gateway.notify_secret, Date.now(), refund, 'R1'), body: refund })).status,
    ).toBe(404);
    expect((await call(path, 'post', path, { headers: signedHeaders('forged', Date.now(), refund, 'R1'), body: refund })).status).toBe(401);
    // The 数电票 platform (the demonstration links its simulated one): a result under another key is refused.
    const invoice = JSON.stringify({ result: 'failed', requestNo: 'FPQ-UNKNOWN', reason: '购买方税号有误' });
    const einvoice = '/api/fees/einvoice/notify';
    expect(
      (await call(einvoice, 'post', einvoice, { headers: signedHeaders('any', Date.now(), invoice, 'I1'), body: invoice })).status,
    ).toBe(401);
  });

  it('every documented operation was called above', () => {
    expect(
      documentedOperations()
        .map(([path, method]) => `${method} ${path}`)
        .filter((op) => !exercised.has(op)),
    ).toEqual([]);
  });
});
