/**
 * GET /map/tiles/street/{z}/{x}/{y}.pbf — the street-level base map as Mapbox Vector Tiles (water, sites, streets,
 * buildings, signals), from PostGIS on both dialects (street-tiles.service.ts). Same gate and caching as
 * /map/data: signed-in users with `map:view` or `field:use`; strong ETag, gzip; the server keeps a tile a minute,
 * so a room of wall screens asking for the same tiles costs one query each.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Permission } from '@/domain/auth/roles';
import { AppError } from '@/domain/errors';
import type { HttpRoute } from '@/server/http/routes';
import { type CachedBody, cachedBody, sendCachedBody } from './cached-body';
import type { StreetTileService } from './street-tiles.service';
import type { TileXYZ } from './vector-tile';

export const MAP_TILES_PREFIX = '/map/tiles';
const SERVER_TTL_MS = 60_000;
const MAX_CACHED_TILES = 2_000;
const BROWSER_CACHE = 'private, max-age=60, must-revalidate';

/** The tile named by a path such as /map/tiles/street/15/27437/13388.pbf, or null. */
export function streetTileOf(pathname: string): TileXYZ | null {
  const match = /^\/map\/tiles\/street\/(\d{1,2})\/(\d{1,7})\/(\d{1,7})\.pbf$/.exec(pathname);
  return match ? { z: Number(match[1]), x: Number(match[2]), y: Number(match[3]) } : null;
}

export function createMapTilesRoute(deps: {
  tiles: Pick<StreetTileService, 'tile'>;
  requireUser: (req: IncomingMessage, permissions: readonly Permission[]) => Promise<unknown>;
}): HttpRoute {
  const cache = new Map<string, CachedBody>();
  return {
    prefix: MAP_TILES_PREFIX,
    async handle(req: IncomingMessage, res: ServerResponse, url: URL) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      const xyz = streetTileOf(url.pathname);
      if (!xyz) throw new AppError('NOT_FOUND', 'error.notFound', `No map tile at ${url.pathname}`, { what: url.pathname });
      await deps.requireUser(req, ['map:view', 'field:use']);
      const key = `${xyz.z}/${xyz.x}/${xyz.y}`;
      let body = cache.get(key);
      if (!body || body.expiresAt < Date.now()) {
        const tile = await deps.tiles.tile(xyz);
        if (!tile) throw new AppError('NOT_FOUND', 'error.notFound', `No map tile ${key}`, { what: url.pathname });
        body = cachedBody(tile, SERVER_TTL_MS);
        cache.delete(key);
        cache.set(key, body);
        // Oldest first out: a Map iterates in insertion order.
        if (cache.size > MAX_CACHED_TILES) cache.delete(cache.keys().next().value!);
      }
      sendCachedBody(req, res, body, 'application/vnd.mapbox-vector-tile', BROWSER_CACHE);
    },
  };
}
