/**
 * GET /map/lib/maplibre-gl-worker.mjs — MapLibre 6's web worker, served from the installed package.
 * MapLibre finds its worker next to its own module URL, which a bundler rewrites; the client points it here with
 * setWorkerUrl() instead, so the worker always matches the installed version and never comes from a CDN.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { HttpRoute } from '@/server/http/routes';
import { type CachedBody, cachedBody, sendCachedBody } from './cached-body';

export const MAPLIBRE_WORKER_PATH = '/map/lib/maplibre-gl-worker.mjs';
const ONE_YEAR_MS = 365 * 24 * 3600_000;

async function readWorker(): Promise<string> {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('maplibre-gl/package.json'));
  return readFile(join(packageDir, 'dist', 'maplibre-gl-worker.mjs'), 'utf8');
}

export function createMapLibreWorkerRoute(): HttpRoute {
  let body: Promise<CachedBody> | undefined;
  return {
    prefix: '/map/lib',
    async handle(req, res, url) {
      if (url.pathname !== MAPLIBRE_WORKER_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(404).end();
        return;
      }
      body ??= readWorker().then((text) => cachedBody(text, ONE_YEAR_MS));
      // The client asks for ?v=<maplibre version>, so a long cache is safe across upgrades.
      sendCachedBody(req, res, await body, 'text/javascript; charset=utf-8', 'public, max-age=86400');
    },
  };
}
