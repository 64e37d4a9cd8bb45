/**
 * The command map over the real Changning seed (seedDatabase), on both dialects: the numbers the wall shows
 * add up, every facility lies in the district, and the base map has every layer the style draws.
 */
import type { FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '@/db/seed';
import { writeStreetContext } from '@/db/seed/basemap';
import { buildSeedContext } from '@/db/seed/context';
import { StreetTileService } from '@/server/geography/street-tiles.service';
import { FacilitiesService } from '@/server/facilities/facilities.service';
import { GeographyService, MAP_DATA_LAYERS } from '@/server/geography/geography.service';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { decodeTile } from './map-http';

describe.each(dialects)('command map over the Changning seed on %s', (dialect) => {
  let database: TestDatabase;
  let facilities: FacilitiesService;
  let geography: GeographyService;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await seedDatabase(database.db);
    facilities = new FacilitiesService(database.db);
    geography = new GeographyService(database.db);
  });
  afterAll(() => database?.drop());

  it('has the 10 sub-districts, each inside the district box, labelled inside its own box', async () => {
    const district = (await geography.district())!;
    const subs = await geography.subDistricts();
    expect(subs).toHaveLength(10);
    for (const sub of subs) {
      const [w, s, e, n] = sub.bbox;
      expect(w).toBeGreaterThanOrEqual(district.bbox[0] - 1e-6);
      expect(n).toBeLessThanOrEqual(district.bbox[3] + 1e-6);
      expect(sub.labelPoint[0]).toBeGreaterThan(w);
      expect(sub.labelPoint[0]).toBeLessThan(e);
      expect(sub.labelPoint[1]).toBeGreaterThan(s);
      expect(sub.labelPoint[1]).toBeLessThan(n);
      expect(sub.nameEn).not.toBe('');
    }
  });

  it('serves every base-map layer with features', async () => {
    for (const layer of MAP_DATA_LAYERS) {
      const collection = JSON.parse(await geography.layerGeoJson(layer)) as FeatureCollection;
      expect(collection.features.length, layer).toBeGreaterThan(0);
    }
  });

  it('gives the 46 real kiosks unmarked and the synthetic lights marked, all within the district', async () => {
    const district = (await geography.district())!;
    const kiosks = await facilities.layer('kiosk');
    expect(kiosks.count).toBe(46);
    expect(kiosks.synthetic.every((flag) => flag === 0)).toBe(true);
    const lights = await facilities.layer('light');
    expect(lights.count).toBeGreaterThanOrEqual(1500);
    expect(lights.synthetic.every((flag) => flag === 1)).toBe(true);
    const [w, s, e, n] = district.bbox;
    for (let i = 0; i < lights.count; i++) {
      const lng = lights.positions[i * 2];
      const lat = lights.positions[i * 2 + 1];
      expect(lng >= w && lng <= e && lat >= s && lat <= n, `light ${lights.ids[i]}`).toBe(true);
    }
  });

  it('draws road segments as paths with a cleaning grade', async () => {
    const roads = await facilities.layer('road_segment');
    expect(roads.count).toBeGreaterThan(100);
    expect(roads.paths.every((parts) => parts.length > 0 && parts.every((p) => p.length >= 4))).toBe(true);
    expect(new Set(roads.grades)).toEqual(new Set(['一级', '二级', '三级']));
  });

  it('KPIs agree with the layers', async () => {
    const kpis = await facilities.kpis();
    const lights = await facilities.layer('light');
    expect(kpis.lights.total).toBe(lights.count);
    expect(kpis.lights.on + kpis.lights.off + kpis.lights.fault).toBe(lights.count);
    expect(kpis.lightsBySubDistrict.reduce((n, a) => n + a.total, 0)).toBe(lights.count);
    const byKind = Object.fromEntries(kpis.byKind.map((k) => [k.kind, k.total]));
    expect(byKind.kiosk).toBe(46);
    expect(byKind.light).toBe(lights.count);
  });

  it('answers a kiosk detail with its real address and geocode quality', async () => {
    const kiosks = await facilities.layer('kiosk');
    const detail = await facilities.detail(kiosks.ids[0]);
    expect(detail.synthetic).toBe(false);
    expect(detail.address).toBeTruthy();
    expect(detail.geocodeQuality).not.toBeNull();
    expect(detail.subDistrictName).toMatch(/街道|镇$/);
  });

  it('tiles the street-level base map: 中山公园, 苏州河 and the approximate 长宁路 around the park (z14)', async () => {
    const tiles = new StreetTileService(database.db, database.dialect);
    const layers = decodeTile((await tiles.tile({ z: 14, x: 13717, y: 6694 }))!);
    const names = (layer: string) => new Set((layers[layer] ?? []).map((p) => p.name));
    expect(names('site').has('中山公园')).toBe(true);
    expect(names('water').has('苏州河')).toBe(true);
    expect(names('street').has('长宁路')).toBe(true);
    expect(layers.street.every((p) => p.approximate === true)).toBe(true);
  });

  it('rewrites the seeded street-level context in place (npm run db:basemap), the same counts again', async () => {
    const context = buildSeedContext();
    const first = await writeStreetContext(database.db, context);
    const again = await writeStreetContext(database.db, context);
    expect(again).toEqual(first);
    expect(first.street).toBeGreaterThan(40);
    expect(first.water).toBeGreaterThan(100);
    expect(first.site).toBeGreaterThan(500);
    expect(first.signal).toBeGreaterThan(600);
  });
});
