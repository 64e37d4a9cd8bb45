/**
 * GET /map/data/{layer}.geojson — the offline base map's sources (district, sub-districts and their labels,
 * roads, metro lines and stations) as GeoJSON, straight from PostGIS.
 *
 * Why GeoJSON and not vector tiles: the embedded database (PGlite + PostGIS in WASM) has no ST_AsMVT ("compiled
 * without protobuf-c"), so GeoJSON from ST_AsGeoJSON is the one path that works on both dialects. The layers are
 * small (one district, ~50 roads, ~13 metro lines, gzip ≈ tens of KiB); MapLibre tiles GeoJSON in its worker.
 *
 * Signed-in users with `map:view`, and field units (`field:use`), whose phones draw the task map on the same base map. Bodies carry a strong ETag (304 on revalidation), gzip, and a short
 * private cache; the server keeps each body for a minute so a room of wall screens reloading costs one query.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '@/domain/errors';
import type { HttpRoute } from '@/server/http/routes';
import type { Permission } from '@/domain/auth/roles';
import { type CachedBody, cachedBody, sendCachedBody } from './cached-body';
import { type GeographyService, isMapDataLayer, type MapDataLayer } from './geography.service';

export const MAP_DATA_PREFIX = '/map/data';
const SERVER_TTL_MS = 60_000;
const BROWSER_CACHE = 'private, max-age=60, must-revalidate';

/** The layer named by a path such as /map/data/roads.geojson, or null. */
export function mapDataLayerOf(pathname: string): MapDataLayer | null {
  const match = /^\/map\/data\/([a-z-]+)\.geojson$/.exec(pathname);
  return match && isMapDataLayer(match[1]) ? match[1] : null;
}

export function createMapDataRoute(deps: {
  geography: Pick<GeographyService, 'layerGeoJson'>;
  /** The sign-in gate (server/http/session-user.ts): the signed-in user holding one of `permissions`, else 401/403. */
  requireUser: (req: IncomingMessage, permissions: readonly Permission[]) => Promise<unknown>;
}): HttpRoute {
  const cache = new Map<MapDataLayer, CachedBody>();
  return {
    prefix: MAP_DATA_PREFIX,
    async handle(req: IncomingMessage, res: ServerResponse, url: URL) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      const layer = mapDataLayerOf(url.pathname);
      if (!layer) throw new AppError('NOT_FOUND', 'error.notFound', `No map layer at ${url.pathname}`, { what: url.pathname });
      await deps.requireUser(req, ['map:view', 'field:use']);
      let body = cache.get(layer);
      if (!body || body.expiresAt < Date.now()) {
        body = cachedBody(await deps.geography.layerGeoJson(layer), SERVER_TTL_MS);
        cache.set(layer, body);
      }
      sendCachedBody(req, res, body, 'application/geo+json; charset=utf-8', BROWSER_CACHE);
    },
  };
}
