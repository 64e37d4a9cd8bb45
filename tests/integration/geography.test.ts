/**
 * The base geography on both dialects: sub-district summaries for zooming, and the offline base map's GeoJSON
 * sources served over HTTP with sign-in, ETag revalidation and gzip.
 */
import { createServer, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { FeatureCollection, Point } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppServices } from '@/server/app-services';
import { GeographyService, MAP_DATA_LAYERS } from '@/server/geography/geography.service';
import { createMapDataRoute } from '@/server/geography/map-data.route';
import { sendError } from '@/server/http/request';
import { requireUserWithAny } from '@/server/http/session-user';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { servicesFor } from './test-services';
import { FIXTURE, insertMapFixture } from './map-fixture';
import { get } from './map-http';

describe.each(dialects)('geography on %s', (dialect) => {
  let database: TestDatabase;
  let services: AppServices;
  let server: Server;
  let dutyCookie: string;
  let clerkCookie: string;
  let fieldCookie: string;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await insertMapFixture(database.db);
    services = await servicesFor(database);
    const auth = services.auth;
    await auth.createUser({ username: 'duty', displayName: '值班员', role: 'duty_officer', password: 'duty-password-123' });
    await auth.createUser({ username: 'clerk', displayName: '收费员', role: 'fee_clerk', password: 'clerk-password-123' });
    dutyCookie = `onemap_session=${(await auth.signIn('duty', 'duty-password-123', null)).token}`;
    clerkCookie = `onemap_session=${(await auth.signIn('clerk', 'clerk-password-123', null)).token}`;
    await auth.createUser({ username: 'handler', displayName: '处置人员', role: 'field_unit', password: 'field-password-123' });
    fieldCookie = `onemap_session=${(await auth.signIn('handler', 'field-password-123', null)).token}`;
    const route = createMapDataRoute({
      geography: new GeographyService(database.db),
      requireUser: (req, permissions) => requireUserWithAny(req, services.auth, permissions),
    });
    server = createServer((req, res) => {
      route.handle(req, res, new URL(req.url ?? '/', 'http://localhost')).catch((e: unknown) => sendError(res, e));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await database?.drop();
  });

  it('lists the sub-districts with their bounding box and label point', async () => {
    const subs = await new GeographyService(database.db).subDistricts();
    expect(subs.map((s) => s.code)).toEqual([FIXTURE.east.code, FIXTURE.west.code]);
    const west = subs.find((s) => s.code === FIXTURE.west.code)!;
    expect(west).toMatchObject({ name: '新泾镇', nameEn: 'Xinjing Town' });
    expect(west.bbox).toEqual([...FIXTURE.west.bbox]);
    expect(west.labelPoint[0]).toBeCloseTo(121.375, 6);
    expect(west.labelPoint[1]).toBeCloseTo(31.21, 6);
  });

  it('gives the district bounding box', async () => {
    const district = await new GeographyService(database.db).district();
    expect(district).toEqual({ code: '310105', name: '长宁区', bbox: [...FIXTURE.district.bbox] });
  });

  it('writes every base-map layer as a valid FeatureCollection with the properties the style reads', async () => {
    const geography = new GeographyService(database.db);
    for (const layer of MAP_DATA_LAYERS) {
      const collection = JSON.parse(await geography.layerGeoJson(layer)) as FeatureCollection;
      expect(collection.type, layer).toBe('FeatureCollection');
      expect(collection.features.length, layer).toBeGreaterThan(0);
    }
    const lines = JSON.parse(await geography.layerGeoJson('metro-lines')) as FeatureCollection;
    expect(lines.features[0].properties).toMatchObject({ name: '上海地铁2号线', ref: '2', colour: '#8CC220' });
    expect(lines.features[0].geometry.type).toBe('LineString');
    const labels = JSON.parse(await geography.layerGeoJson('sub-district-labels')) as FeatureCollection<Point>;
    expect(labels.features.map((f) => f.properties?.name).sort()).toEqual(['华阳路街道', '新泾镇']);
    expect(labels.features[0].geometry.type).toBe('Point');
  });

  it('serves a layer over HTTP only to signed-in map viewers and field units', async () => {
    expect((await get(server, '/map/data/roads.geojson')).status).toBe(401);
    expect((await get(server, '/map/data/roads.geojson', { cookie: clerkCookie })).status).toBe(403);
    expect((await get(server, '/map/data/roads.geojson', { cookie: fieldCookie })).status).toBe(200);
    expect((await get(server, '/map/data/nowhere.geojson', { cookie: dutyCookie })).status).toBe(404);
    const reply = await get(server, '/map/data/roads.geojson', { cookie: dutyCookie });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/application\/geo\+json/);
    expect(reply.headers['cache-control']).toMatch(/private/);
    const roads = JSON.parse(reply.body.toString('utf8')) as FeatureCollection;
    expect(roads.features[0].properties?.name).toBe('中环路');
  });

  it('answers 304 to a matching ETag and gzips when asked', async () => {
    const first = await get(server, '/map/data/sub-districts.geojson', { cookie: dutyCookie });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    const again = await get(server, '/map/data/sub-districts.geojson', { cookie: dutyCookie, 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const zipped = await get(server, '/map/data/sub-districts.geojson', { cookie: dutyCookie, 'accept-encoding': 'gzip, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.body).equals(first.body)).toBe(true);
  });
});
