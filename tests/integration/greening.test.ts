/**
 * 绿化 over the real Changning seed, on both dialects: parks as areas whose nested outlines count once, the
 * KPIs by sub-district, a broken bench in 中山公园 reported, dispatched to a greening crew and closed, every
 * facility layer served as OGC API – Features (paging, bbox, filters, key or session, calls counted) and read by
 * GDAL's ogrinfo as a real client, and 绿化 brought once into a database seeded before it existed.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '@/db/seed';
import { seedGreening } from '@/db/seed/greening';
import type { SessionUser } from '@/server/auth/auth.service';
import { createApp, type OneMapApp } from '@/server/app';
import { ManualClock } from '@/server/clock';
import { parseEnv } from '@/server/env';
import { FacilitiesService } from '@/server/facilities/facilities.service';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { type HubHarness, hubHarness, insertUser, photoHash } from './orders-fixture';
import { sessionCookieFor } from './units-fixtures';

const run = promisify(execFile);

describe.each(dialects)('绿化 over the Changning seed on %s', (dialect) => {
  let database: TestDatabase;
  let app: OneMapApp;
  let server: Server;
  let baseUrl: string;
  let harness: HubHarness;
  let admin: SessionUser;
  let featureKey: string;
  const clock = new ManualClock('2026-11-23T02:00:00Z'); // 10:00 in Shanghai

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await seedDatabase(database.db);
    app = await createApp(parseEnv({ SIMULATOR: 'off', NODE_ENV: 'test' }), { ...database, close: async () => undefined });
    server = createServer(app.handleRequest);
    await app.attach(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    harness = hubHarness(database, clock);
    admin = await insertUser(database.db, 'sys', '系统管理员', 'system_admin');
    featureKey = (await harness.caller(admin).clients.issue({ kind: 'feature-api', name: 'QGIS 测试' })).key;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    if (server) await new Promise((resolve) => server.close(resolve));
    await app?.close();
    await database?.drop();
  });

  it('draws parks as areas with their own area, and counts nested outlines once in the green area', async () => {
    const facilities = new FacilitiesService(database.db);
    const parks = await facilities.layer('park');
    expect(parks).toMatchObject({ geometry: 'polygon', count: 60 });
    const zhongshan = parks.names.indexOf('中山公园');
    expect(zhongshan).toBeGreaterThanOrEqual(0);
    expect(parks.labels[zhongshan]).toBe('中山公园');
    // OSM's outline of 中山公园 is about 20 ha; its label point lies inside its bounding box (README: 121.4105–121.4176 E).
    expect(parks.areas[zhongshan]).toBeGreaterThan(150_000);
    expect(parks.areas[zhongshan]).toBeLessThan(260_000);
    const [lng, lat] = parks.positions.slice(zhongshan * 2, zhongshan * 2 + 2);
    expect(lng).toBeGreaterThan(121.4105);
    expect(lng).toBeLessThan(121.4176);
    expect(lat).toBeGreaterThan(31.221);
    expect(lat).toBeLessThan(31.2256);
    expect(parks.labels.filter(Boolean)).toHaveLength(19);

    // The forest belt (OSM 12128067) holds three other outlines: the detail says so, and the KPI counts them once.
    const nested = await database.db.selectFrom('facilities').select('id').where('code', '=', 'PARK-891484798').executeTakeFirstOrThrow();
    const detail = await facilities.detail(nested.id);
    expect(detail.within).toHaveLength(1);
    expect(detail.areaSquareMeters).toBeGreaterThan(0);
    const { greening } = await facilities.kpis();
    expect(greening).toMatchObject({ parks: 60, namedParks: 19, trees: 1338 });
    expect(greening.greenAreaM2).toBeLessThan(greening.outlinesSumM2);
    // README: the three inside the belt overlap it by about 68 ha (outline sum 320 ha, union 252 ha).
    expect(greening.outlinesSumM2 - greening.greenAreaM2).toBeGreaterThan(500_000);
    expect(greening.bySubDistrict).toHaveLength(10);
    expect(greening.bySubDistrict.reduce((n, a) => n + a.trees, 0)).toBe(1338);
    const sumOfUnions = greening.bySubDistrict.reduce((n, a) => n + a.greenAreaM2, 0);
    expect(Math.abs(sumOfUnions - greening.greenAreaM2)).toBeLessThan(greening.greenAreaM2 * 0.05);
  });

  it('takes a broken bench in 中山公园 from report to a greening crew to closed', async () => {
    const spot = await sql<{ lng: number; lat: number }>`
      SELECT ST_X(ST_PointOnSurface(geom)) AS lng, ST_Y(ST_PointOnSurface(geom)) AS lat FROM facilities WHERE kind = 'park' AND name = '中山公园'`.execute(
      database.db,
    );
    const at = spot.rows[0];
    const reporter = await insertUser(database.db, 'duty', '值班员', 'duty_officer');
    const { order } = await harness.caller(reporter).orders.create({
      source: 'patrol',
      categoryCode: 'greening.facility_damage',
      description: '中山公园内座椅断裂',
      location: { lng: Number(at.lng), lat: Number(at.lat) },
    });
    expect(order.status).toBe('dispatched');
    const assigned = await database.db
      .selectFrom('order_assignments as a')
      .innerJoin('units as u', 'u.id', 'a.unit_id')
      .select(['u.id', 'u.kind', 'u.sub_district_code'])
      .where('a.order_id', '=', order.id)
      .execute();
    expect(assigned.map((u) => u.kind)).toEqual(['greening_crew']);
    expect(assigned[0].sub_district_code).toBe(order.subDistrictCode);

    const crew = await insertUser(database.db, 'crew', '绿化养护', 'field_unit', assigned[0].id);
    await harness.caller(crew).orders.transition({ orderId: order.id, action: 'accept' });
    await harness.caller(crew).orders.transition({ orderId: order.id, action: 'start' });
    await harness.caller(crew).orders.transition({
      orderId: order.id,
      action: 'complete',
      note: '已更换座椅板',
      attachments: [{ contentHash: photoHash(15), mediaType: 'image/jpeg', byteSize: 120_000, purpose: 'after' }],
    });
    const dispatcher = await insertUser(database.db, 'disp', '调度员', 'dispatcher');
    const closed = await harness.caller(dispatcher).orders.transition({ orderId: order.id, action: 'close', note: '复核合格' });
    expect(closed.status).toBe('closed');
  });

  it('serves every facility layer as OGC API – Features, by key or session, and counts the key’s calls', async () => {
    const get = (path: string, headers: Record<string, string> = { 'x-api-key': featureKey }) => fetch(`${baseUrl}${path}`, { headers });
    const collections = (await (await get('/api/features/collections')).json()) as { collections: Array<{ id: string }> };
    expect(collections.collections.map((c) => c.id)).toEqual(
      expect.arrayContaining(['park', 'tree', 'toilet', 'litter-bin', 'bench', 'fountain', 'light']),
    );

    const first = await get('/api/features/collections/tree/items?limit=1000');
    expect(first.headers.get('content-type')).toContain('application/geo+json');
    const page = (await first.json()) as {
      numberMatched: number;
      numberReturned: number;
      links: Array<{ rel: string; href: string }>;
      features: Array<{ id: number }>;
    };
    expect(page).toMatchObject({ numberMatched: 1338, numberReturned: 1000 });
    const next = page.links.find((l) => l.rel === 'next')!;
    const second = (await (await fetch(next.href, { headers: { 'x-api-key': featureKey } })).json()) as typeof page;
    expect(second.numberReturned).toBe(338);
    expect(second.links.some((l) => l.rel === 'next')).toBe(false);
    expect(new Set([...page.features, ...second.features].map((f) => f.id)).size).toBe(1338);

    // bbox around 中山公园 and a property filter by name.
    const inBox = (await (await get('/api/features/collections/park/items?bbox=121.410,31.220,121.418,31.226&name=中山公园')).json()) as {
      features: Array<{ geometry: { type: string }; properties: { name: string; area_m2: number; synthetic: boolean } }>;
    };
    expect(inBox.features).toHaveLength(1);
    expect(inBox.features[0].properties).toMatchObject({ name: '中山公园', synthetic: false });
    expect(inBox.features[0].properties.area_m2).toBeGreaterThan(150_000);
    expect(['Polygon', 'MultiPolygon']).toContain(inBox.features[0].geometry.type);
    const real = (await (await get('/api/features/collections/toilet/items?synthetic=false&limit=1')).json()) as { numberMatched: number };
    expect(real.numberMatched).toBe(92);

    // Refusals, as OGC exceptions.
    expect((await get('/api/features/collections', {})).status).toBe(401);
    expect((await get('/api/features/collections', { 'x-api-key': 'om_nothing_wrong' })).status).toBe(401);
    const bad = await get('/api/features/collections/park/items?bbox=1,2,3');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { description: string }).description).toContain('bbox');
    expect((await get('/api/features/collections/park/items?limit=0')).status).toBe(400);
    expect((await get('/api/features/collections/nothing/items')).status).toBe(404);

    // A signed-in session that may view the map reads it too, and is not counted as an outside client.
    const cookie = await sessionCookieFor(app, 'duty_officer');
    expect((await get('/api/features/collections/park/items?limit=1', { cookie })).status).toBe(200);
    const feeClerk = await sessionCookieFor(app, 'fee_clerk');
    expect((await get('/api/features/collections/park/items?limit=1', { cookie: feeClerk })).status).toBe(403);

    // The app's own registry (the running server's clock) is the one that counted.
    const calls = await app.services.outsideClients.calls();
    const mine = calls.filter((c) => c.name === 'QGIS 测试');
    expect(mine).toHaveLength(1);
    expect(mine[0].interface).toBe('feature-api');
    expect(mine[0].today).toBe(mine[0].total);
    expect(mine[0].today).toBe(8); // every call above with the key that got past it, refusals after it included
  });

  it('keeps the 绿化 / 环卫 / 市容 ledgers: searched by several conditions, compared by sub-district, exported', async () => {
    const viewer = harness.caller(await insertUser(database.db, 'leader1', '领导', 'leader'));
    const parks = await viewer.resources.ledger({ theme: 'greening', kind: 'park', text: '中山公园', limit: 50 });
    expect(parks.items.map((p) => p.name)).toEqual(['中山公园']);
    expect(parks.items[0].areaSquareMeters).toBeGreaterThan(150_000);
    const toilets = await viewer.resources.ledger({ theme: 'sanitation', kind: 'toilet', origin: 'real', limit: 50 });
    expect(toilets.total).toBe(92);
    const rest = await viewer.resources.ledger({
      theme: 'sanitation',
      kind: 'toilet',
      origin: 'real',
      limit: 50,
      cursor: toilets.nextAfterId,
    });
    expect(new Set([...toilets.items, ...rest.items].map((i) => i.id)).size).toBe(92);
    const sub = toilets.items[0].subDistrictCode;
    const narrowed = await viewer.resources.ledger({
      theme: 'sanitation',
      kind: 'toilet',
      subDistrictCode: sub,
      status: 'open',
      limit: 50,
    });
    expect(narrowed.items.every((i) => i.subDistrictCode === sub && i.status === 'open')).toBe(true);
    await expect(viewer.resources.ledger({ theme: 'greening', kind: 'toilet', limit: 5 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    const greening = await viewer.resources.indicators({ theme: 'greening' });
    expect(greening).toHaveLength(10);
    expect(greening.reduce((n, r) => n + (r.counts.park ?? 0), 0)).toBe(60);
    expect(greening.reduce((n, r) => n + r.areaKm2, 0)).toBeGreaterThan(30); // Changning is about 38 km²
    expect(greening.every((r) => (r.greenShare ?? 0) >= 0 && (r.greenShare ?? 0) < 1)).toBe(true);

    const cookie = await sessionCookieFor(app, 'dispatcher');
    const download = (query: string) => fetch(`${baseUrl}/api/data/export?${query}`, { headers: { cookie } });
    const geo = await download('format=geojson&theme=greening&kind=park&text=' + encodeURIComponent('中山公园'));
    expect(geo.headers.get('content-type')).toContain('application/geo+json');
    const collection = (await geo.json()) as { features: Array<{ properties: { name: string } }> };
    expect(collection.features.map((f) => f.properties.name)).toEqual(['中山公园']);
    const csv = await (await download('format=csv&theme=sanitation&kind=toilet&origin=real')).text();
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(93);
    expect(csv).toContain('编号');
    const xlsx = Buffer.from(await (await download('format=xlsx&theme=cityAppearance&kind=bench')).arrayBuffer());
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');
    expect((await download('format=pdf&theme=greening')).status).toBe(400);
    expect((await fetch(`${baseUrl}/api/data/export?format=csv&theme=greening`)).status).toBe(401);
  });

  it('is read by GDAL’s ogrinfo (OAPIF driver) as a real client, with the feature count of a collection', async () => {
    const ogrinfo = await run('ogrinfo', ['--version']).catch(() => null);
    expect(ogrinfo, 'GDAL’s ogrinfo is needed (Debian: apt-get install gdal-bin; .ci/run installs it)').not.toBeNull();
    const { stdout } = await run('ogrinfo', ['-ro', '-so', '-oo', 'PAGE_SIZE=1000', `OAPIF:${baseUrl}/api/features`, 'toilet'], {
      env: { ...process.env, GDAL_HTTP_HEADERS: `X-Api-Key: ${featureKey}`, CPL_DEBUG: 'OFF' },
      timeout: 60_000,
    });
    expect(stdout).toMatch(/Geometry: Point/);
    expect(stdout).toMatch(/Feature Count: 92\b/);
    const parks = await run('ogrinfo', ['-ro', '-so', `OAPIF:${baseUrl}/api/features?api_key=${featureKey}`, 'park'], { timeout: 60_000 });
    expect(parks.stdout).toMatch(/Feature Count: 60\b/);
  });

  it('brings 绿化 once into a database seeded before it, keeping only the synthetic toilets something points at', async () => {
    const { db } = database;
    // As a database seeded before 绿化: no greening, no crews, synthetic toilets (one pointed at by a fee payer).
    await db.deleteFrom('order_assignments').execute();
    await db.updateTable('users').set({ unit_id: null }).execute();
    await db.deleteFrom('units').where('kind', '=', 'greening_crew').execute();
    await db.deleteFrom('facilities').where('kind', 'in', ['park', 'tree', 'litter_bin', 'bench', 'fountain', 'toilet']).execute();
    const sub = await db.selectFrom('sub_districts').select('code').orderBy('code').executeTakeFirstOrThrow();
    const synthetic = (code: string) => ({
      kind: 'toilet' as const,
      code,
      name: `${code} 公厕`,
      sub_district_code: sub.code,
      status: 'open',
      attrs: '{}',
      synthetic: true,
      geom: sql<string>`ST_SetSRID(ST_MakePoint(121.42, 31.22), 4326)`,
    });
    const kept = await db.insertInto('facilities').values(synthetic('WC-KEPT')).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('facilities').values(synthetic('WC-GONE')).execute();
    await sql`INSERT INTO fee_payers (name, credit_code, kind, address, sub_district_code, contact_name, contact_phone, facility_id, status)
      VALUES ('测试单位', '91310105TEST00001X', 'shop', '测试路1号', ${sub.code}, '张三', '13800000000', ${kept.id}, 'verified')`.execute(
      db,
    );

    const first = await seedGreening(db);
    expect(first).toMatchObject({ skipped: false, crews: 40, facilities: { toilet: 92, park: 60, tree: 1338 } });
    expect(first.syntheticToiletsRemoved).toBe(1);
    expect((await seedGreening(db)).skipped).toBe(true);
    const codes = (await db.selectFrom('facilities').select('code').where('code', 'in', ['WC-KEPT', 'WC-GONE']).execute()).map(
      (r) => r.code,
    );
    expect(codes).toEqual(['WC-KEPT']);
  });
});
