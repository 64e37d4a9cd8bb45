/**
 * The street-level vector tiles on both dialects: ST_AsMVT on PostgreSQL, geojson-vt + vt-pbf on the embedded
 * database. Decoded, a tile holds the layers its zoom shows, with the names and the approximate flag the style
 * reads; a real street layer hides the approximate streets; the route is signed-in only.
 */
import { createServer, type Server } from 'node:http';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { stFromGeoJSON } from '@/db/st';
import { createMapTilesRoute } from '@/server/geography/map-tiles.route';
import { StreetTileService } from '@/server/geography/street-tiles.service';
import { sendError } from '@/server/http/request';
import { requireUserWithAny } from '@/server/http/session-user';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { decodeTile as decode, get, tileAt } from './map-http';
import { servicesFor } from './test-services';

const square = (lng: number, lat: number, d: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lng, lat],
      [lng + d, lat],
      [lng + d, lat + d],
      [lng, lat + d],
      [lng, lat],
    ],
  ],
});

async function insertStreetFixture(db: Kysely<Database>) {
  const row = (layer: Database['base_features']['layer'], name: string, kind: string, geometry: unknown, extra = {}) => ({
    layer,
    name,
    ref: null,
    props: JSON.stringify({ kind }),
    geom: stFromGeoJSON(geometry),
    ...extra,
  });
  await db
    .insertInto('base_features')
    .values([
      row('water', '苏州河', 'river', {
        type: 'LineString',
        coordinates: [
          [121.415, 31.212],
          [121.425, 31.214],
        ],
      }),
      row('site', '中山公园', 'park', square(121.418, 31.208, 0.002)),
      row(
        'street',
        '华阳路',
        'approximate',
        {
          type: 'LineString',
          coordinates: [
            [121.419, 31.205],
            [121.421, 31.215],
          ],
        },
        { approximate: true },
      ),
      row('signal', '', 'traffic_signals', { type: 'Point', coordinates: [121.42, 31.21] }),
    ])
    .execute();
}

describe.each(dialects)('street vector tiles on %s', (dialect) => {
  let database: TestDatabase;
  let tiles: StreetTileService;
  let server: Server;
  let cookie: string;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await insertStreetFixture(database.db);
    tiles = new StreetTileService(database.db, database.dialect);
    const services = await servicesFor(database);
    await services.auth.createUser({ username: 'duty', displayName: '值班员', role: 'duty_officer', password: 'duty-password-123' });
    cookie = `onemap_session=${(await services.auth.signIn('duty', 'duty-password-123', null)).token}`;
    const route = createMapTilesRoute({ tiles, requireUser: (req, permissions) => requireUserWithAny(req, services.auth, permissions) });
    server = createServer((req, res) => {
      route.handle(req, res, new URL(req.url ?? '/', 'http://localhost')).catch((e: unknown) => sendError(res, e));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await database?.drop();
  });

  it('cuts a street-zoom tile with water, sites, the approximate street and the signal, names in Chinese', async () => {
    const layers = decode((await tiles.tile(tileAt(121.42, 31.21, 15)))!);
    expect(Object.keys(layers).sort()).toEqual(['signal', 'site', 'street', 'water']);
    expect(layers.water[0]).toMatchObject({ name: '苏州河', kind: 'river' });
    expect(layers.site[0]).toMatchObject({ name: '中山公园', kind: 'park' });
    expect(layers.street[0]).toMatchObject({ name: '华阳路', approximate: true });
  });

  it('leaves out the detail a zoom does not show, and tiles away from the data are empty', async () => {
    expect(Object.keys(decode((await tiles.tile(tileAt(121.42, 31.21, 12)))!)).sort()).toEqual(['site', 'street', 'water']);
    expect(Object.keys(decode((await tiles.tile(tileAt(121.42, 31.21, 10)))!))).toEqual(['water']);
    expect((await tiles.tile(tileAt(120, 30, 15)))!.length).toBe(0);
    expect(await tiles.tile({ z: 15, x: 2 ** 15, y: 0 })).toBeNull();
    expect(await tiles.tile({ z: 19, x: 0, y: 0 })).toBeNull();
  });

  it('hides the approximate streets once a real street layer is loaded, and shows its buildings', async () => {
    await database.db
      .insertInto('base_features')
      .values([
        {
          layer: 'street',
          name: '华阳路',
          ref: null,
          props: '{"kind":"residential"}',
          source: 'import',
          geom: stFromGeoJSON({
            type: 'LineString',
            coordinates: [
              [121.4195, 31.205],
              [121.4205, 31.215],
            ],
          }),
        },
        {
          layer: 'building',
          name: '',
          ref: null,
          props: '{"kind":"building"}',
          source: 'import',
          geom: stFromGeoJSON(square(121.4202, 31.2102, 0.0002)),
        },
      ])
      .execute();
    const layers = decode((await tiles.tile(tileAt(121.42, 31.21, 15)))!);
    expect(layers.street).toEqual([expect.objectContaining({ name: '华阳路', kind: 'residential', approximate: false })]);
    expect(layers.building).toHaveLength(1);
    await database.db.deleteFrom('base_features').where('source', '=', 'import').execute();
  });

  it('serves tiles over HTTP to signed-in viewers only, and 404s a path that is not a tile', async () => {
    const { z, x, y } = tileAt(121.42, 31.21, 15);
    expect((await get(server, `/map/tiles/street/${z}/${x}/${y}.pbf`)).status).toBe(401);
    const reply = await get(server, `/map/tiles/street/${z}/${x}/${y}.pbf`, { cookie });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    expect(Object.keys(decode(reply.body))).toContain('street');
    expect((await get(server, '/map/tiles/street/15/1/x.pbf', { cookie })).status).toBe(404);
    expect((await get(server, '/map/tiles/street/25/0/0.pbf', { cookie })).status).toBe(404);
  });
});
