/**
 * `npm run map:import` on both dialects, with small hand-made extracts (tests/fixtures/base-map): a GeoJSON street
 * layer and building layer through the data library's importer, and an OpenStreetMap extract (.osm XML turned into
 * .osm.pbf by osmium, as a deployment would bring one) through osmium-tool. The tiles then show the real streets
 * instead of the approximate ones, and the buildings.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stFromGeoJSON } from '@/db/st';
import type { ImportLayer } from '@/server/base-map-import/base-map-feature';
import { importBaseMapFile } from '@/server/base-map-import/base-map-import.service';
import { StreetTileService } from '@/server/geography/street-tiles.service';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { insertMapFixture } from './map-fixture';
import { decodeTile } from './map-http';

const FIXTURES = join(import.meta.dirname, '../fixtures/base-map');
const fileOf = (path: string) => ({ path, fileName: basename(path), read: () => readFile(path) });
/** The z15 tile holding 华阳路 239号 (121.419, 31.2237). */
const TILE = { z: 15, x: 27435, y: 13389 };

/** osmium-tool is a test prerequisite (README; .ci/run installs it): without it this case fails, saying so. */
function requireOsmium(): void {
  try {
    execFileSync('osmium', ['--version']);
  } catch {
    throw new Error('osmium-tool is not installed (apt-get install osmium-tool): the .osm.pbf import cannot be tested');
  }
}

async function tileLayers(tiles: StreetTileService) {
  return decodeTile((await tiles.tile(TILE))!);
}

describe.each(dialects)('base map import on %s', (dialect) => {
  let database: TestDatabase;
  let tiles: StreetTileService;
  let tmp: string;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await insertMapFixture(database.db);
    await database.db
      .insertInto('base_features')
      .values({
        layer: 'street',
        name: '华阳路',
        ref: null,
        props: '{"kind":"approximate"}',
        approximate: true,
        geom: stFromGeoJSON({
          type: 'LineString',
          coordinates: [
            [121.4152, 31.2266],
            [121.42, 31.223],
          ],
        }),
      })
      .execute();
    tiles = new StreetTileService(database.db, database.dialect);
    tmp = mkdtempSync(join(tmpdir(), 'onemap-basemap-'));
  });
  afterAll(async () => {
    rmSync(tmp, { recursive: true, force: true });
    await database?.drop();
  });

  it('shows the approximate street until a real street layer is imported', async () => {
    expect((await tileLayers(tiles)).street).toEqual([expect.objectContaining({ name: '华阳路', approximate: true })]);
  });

  it('imports a GeoJSON street layer: lines kept, a point skipped, a street far outside the district left out', async () => {
    const [result] = await importBaseMapFile(database.db, fileOf(join(FIXTURES, 'streets.geojson')), 'street');
    expect(result).toEqual({ layer: 'street', imported: 3, skipped: 1, outside: 1 });
    const layers = await tileLayers(tiles);
    const streets = layers.street.map((p) => p.name).sort();
    expect(streets).toEqual(['华阳路', '愚园路', '长宁路']);
    expect(layers.street.every((p) => p.approximate === false)).toBe(true);
    expect(layers.street.find((p) => p.name === '长宁路')).toMatchObject({ kind: 'primary' });
  });

  it('imports a building layer, and a new import of a layer replaces the last one', async () => {
    const [first] = await importBaseMapFile(database.db, fileOf(join(FIXTURES, 'buildings.geojson')), 'building');
    expect(first).toEqual({ layer: 'building', imported: 2, skipped: 1, outside: 0 });
    const [again] = await importBaseMapFile(database.db, fileOf(join(FIXTURES, 'buildings.geojson')), 'building');
    expect(again.imported).toBe(2);
    const layers = await tileLayers(tiles);
    expect(layers.building.map((p) => p.kind).sort()).toEqual(['public', 'residential']);
    expect(layers.building.map((p) => p.name)).toContain('华阳路239号');
  });

  it('refuses a file in projected coordinates and one without a layer named', async () => {
    const projected = join(tmp, 'projected.geojson');
    writeFileSync(
      projected,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { name: '某路' },
            geometry: {
              type: 'LineString',
              coordinates: [
                [350000, 3450000],
                [350100, 3450000],
              ],
            },
          },
        ],
      }),
    );
    await expect(importBaseMapFile(database.db, fileOf(projected), 'street')).rejects.toThrow(/WGS84/);
    await expect(importBaseMapFile(database.db, fileOf(join(FIXTURES, 'streets.geojson')), null)).rejects.toThrow(/--layer/);
  });

  it('imports an OpenStreetMap extract (.osm.pbf) through osmium: highways as streets, buildings as buildings', async () => {
    requireOsmium();
    const pbf = join(tmp, 'huayang.osm.pbf');
    execFileSync('osmium', ['cat', join(FIXTURES, 'huayang.osm'), '-o', pbf, '--overwrite']);
    const results = await importBaseMapFile(database.db, fileOf(pbf), null);
    expect(results.map((r: { layer: ImportLayer; imported: number }) => [r.layer, r.imported])).toEqual([
      ['street', 2],
      ['building', 1],
    ]);
    const layers = await tileLayers(tiles);
    expect(layers.street.map((p) => `${p.name} ${p.kind}`).sort()).toEqual(['华阳路 secondary', '长宁路 primary']);
    expect(layers.building).toEqual([expect.objectContaining({ name: '华阳路239号', kind: 'yes' })]);
    expect(readFileSync(pbf).length).toBeGreaterThan(0);
  });
});
