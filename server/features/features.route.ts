/**
 * The OGC API – Features interface over HTTP, so desktop GIS (QGIS, GDAL/OGR's OAPIF driver) reads OneMap's
 * facility layers directly:
 *   GET /api/features                          landing page
 *   GET /api/features/conformance              conformance classes
 *   GET /api/features/collections              one collection per facility kind
 *   GET /api/features/collections/{id}         one collection
 *   GET /api/features/collections/{id}/items   GeoJSON, ?bbox=minLng,minLat,maxLng,maxLat&limit=&offset=&status=…
 *   GET /api/features/collections/{id}/items/{featureId}
 * Access: a feature-API key from the one registry of outside clients (X-Api-Key header, or api_key in the query
 * for clients that cannot set headers; it is carried on in the links), counted there per call; or a signed-in
 * session that may view the map. Errors are OGC exceptions: { code, description } with the HTTP status.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '@/domain/errors';
import { translate } from '@/domain/i18n/messages';
import type { Permission } from '@/domain/auth/roles';
import { FEATURES_READ_SCOPE } from '@/server/clients/client-scopes';
import type { OutsideClientsService } from '@/server/clients/outside-clients.service';
import type { HttpRoute } from '@/server/http/routes';
import { FILTER_COLUMNS, type FilterProperty, type ItemsQuery } from './features.repository';
import { DEFAULT_LIMIT, FEATURES_PATH, type FeaturesService, kindOfCollection, type LinkMaker, MAX_LIMIT } from './features.service';
import { logFor } from '@/server/ops/log';

const log = logFor('features');

/** Query parameters every path accepts besides its own: the format (JSON only) and the key. */
const COMMON_PARAMS = new Set(['f', 'api_key']);
const ITEMS_PARAMS = new Set(['bbox', 'limit', 'offset', ...Object.keys(FILTER_COLUMNS)]);

function badParameter(detail: string): AppError {
  return new AppError('BAD_REQUEST', 'features.error.badParameter', `Invalid parameter: ${detail}`, { detail });
}

function refuseUnknown(params: URLSearchParams, allowed: ReadonlySet<string>): void {
  for (const name of params.keys()) {
    if (!COMMON_PARAMS.has(name) && !allowed.has(name)) {
      throw badParameter(`unknown parameter "${name}"; allowed: ${[...COMMON_PARAMS, ...allowed].join(', ')}`);
    }
  }
  const format = params.get('f');
  if (format !== null && format !== 'json' && format !== 'geojson') throw badParameter(`f=${format}: only json is served`);
}

function integerParam(params: URLSearchParams, name: string, fallback: number, min: number): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min) throw badParameter(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return Number(raw);
}

export function parseBbox(raw: string | null): ItemsQuery['bbox'] {
  if (raw === null || raw === '') return null;
  const parts = raw.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n)))
    throw badParameter(`bbox must be minLng,minLat,maxLng,maxLat, got "${raw}"`);
  const [minLng, minLat, maxLng, maxLat] = parts;
  if (minLng < -180 || maxLng > 180 || minLat < -90 || maxLat > 90 || minLng > maxLng || minLat > maxLat) {
    throw badParameter(`bbox out of range or inverted: "${raw}"`);
  }
  return [minLng, minLat, maxLng, maxLat];
}

/** Items query from the URL: limit is clamped to MAX_LIMIT (as the standard asks), filters are equalities. */
export function parseItemsQuery(kind: ItemsQuery['kind'], params: URLSearchParams): ItemsQuery {
  refuseUnknown(params, ITEMS_PARAMS);
  const filters: ItemsQuery['filters'] = {};
  for (const property of Object.keys(FILTER_COLUMNS) as FilterProperty[]) {
    const value = params.get(property);
    if (value === null) continue;
    if (value.includes('\u0000') || value.length > 200) throw badParameter(`${property} is too long or contains NUL`);
    if (property === 'synthetic') {
      if (value !== 'true' && value !== 'false') throw badParameter(`synthetic must be true or false, got "${value}"`);
      filters.synthetic = value === 'true';
    } else filters[property] = value;
  }
  return {
    kind,
    bbox: parseBbox(params.get('bbox')),
    filters,
    limit: Math.min(integerParam(params, 'limit', DEFAULT_LIMIT, 1), MAX_LIMIT),
    offset: integerParam(params, 'offset', 0, 0),
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sendException(res: ServerResponse, error: unknown): void {
  if (error instanceof AppError) {
    const description = `${translate('zh', error.messageKey, error.params)} / ${error.message}`;
    if (error.httpStatus === 401) res.setHeader('www-authenticate', 'ApiKey header="X-Api-Key"');
    send(res, error.httpStatus, 'application/json', JSON.stringify({ code: error.code, description }));
    return;
  }
  log.error('unexpected error', error);
  send(res, 500, 'application/json', JSON.stringify({ code: 'INTERNAL', description: 'Internal error' }));
}

function originOf(req: IncomingMessage, publicOrigin: string | null): string {
  if (publicOrigin) return new URL(publicOrigin).origin;
  return `http://${req.headers.host ?? 'localhost'}`;
}

export interface FeaturesRouteDeps {
  features: FeaturesService;
  clients: Pick<OutsideClientsService, 'verify'>;
  /** The signed-in user of a request with one of the permissions, or a thrown 401/403. */
  requireUser(req: IncomingMessage, permissions: readonly Permission[]): Promise<unknown>;
  publicOrigin: string | null;
}

export function createFeaturesRoute(deps: FeaturesRouteDeps): HttpRoute {
  /** A key (header or query) from the registry, counted there; else a session allowed to view the map. */
  async function authorise(req: IncomingMessage, params: URLSearchParams): Promise<void> {
    const header = req.headers['x-api-key'];
    const key = (Array.isArray(header) ? header[0] : header) ?? params.get('api_key') ?? undefined;
    if (key) {
      if (await deps.clients.verify(key, 'feature-api', FEATURES_READ_SCOPE)) return;
      throw new AppError('UNAUTHORIZED', 'features.error.unauthorized', 'The key is not a valid feature-API key');
    }
    await deps.requireUser(req, ['map:view']).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'UNAUTHORIZED') {
        throw new AppError('UNAUTHORIZED', 'features.error.unauthorized', 'X-Api-Key or a session is required');
      }
      throw error;
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      throw new AppError('BAD_REQUEST', 'features.error.badParameter', 'GET only', { detail: `method ${req.method ?? ''}` });
    }
    const params = url.searchParams;
    await authorise(req, params);
    const base = `${originOf(req, deps.publicOrigin)}${FEATURES_PATH}`;
    const queryKey = params.get('api_key');
    const link: LinkMaker = (path, extra = {}) => {
      const query = new URLSearchParams({ ...extra, ...(queryKey ? { api_key: queryKey } : {}) }).toString();
      return `${base}${path}${query ? `?${query}` : ''}`;
    };
    const rest = url.pathname.slice(FEATURES_PATH.length).replace(/\/$/, '');
    const json = (body: unknown) => send(res, 200, 'application/json', JSON.stringify(body));

    if (rest === '') {
      refuseUnknown(params, new Set());
      return json(deps.features.landing(link, `${originOf(req, deps.publicOrigin)}/api/openapi.json`));
    }
    if (rest === '/conformance') {
      refuseUnknown(params, new Set());
      return json(deps.features.conformance());
    }
    if (rest === '/collections') {
      refuseUnknown(params, new Set());
      return json(await deps.features.collections(link));
    }
    const match = /^\/collections\/([a-z-]{1,40})(\/items(?:\/(\d{1,12}))?)?$/.exec(rest);
    const kind = match ? kindOfCollection(match[1]) : null;
    if (!match || !kind) {
      throw new AppError('NOT_FOUND', 'features.error.notFound', `No such path ${url.pathname}`, { what: url.pathname });
    }
    if (!match[2]) {
      refuseUnknown(params, new Set());
      return json(await deps.features.collection(kind, link));
    }
    if (match[3]) {
      refuseUnknown(params, new Set());
      return send(res, 200, 'application/geo+json', await deps.features.item(kind, Number(match[3]), link));
    }
    const query = parseItemsQuery(kind, params);
    const passOn = Object.fromEntries([...params].filter(([name]) => name !== 'limit' && name !== 'offset' && name !== 'api_key'));
    return send(res, 200, 'application/geo+json', await deps.features.items(query, passOn, link));
  }

  return {
    prefix: FEATURES_PATH,
    handle: (req, res, url) => handle(req, res, url).catch((error: unknown) => sendException(res, error)),
  };
}
