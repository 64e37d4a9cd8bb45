/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), so standard civic-issue clients can file and
 * follow requests. Raw HTTP before Next.js; every path takes .json or .xml:
 *
 *   GET  /open311/v2/discovery            GET  /open311/v2/services          GET /open311/v2/services/{code}
 *   GET  /open311/v2/requests             POST /open311/v2/requests (form-encoded, api_key required)
 *   GET  /open311/v2/requests/{id}        (id = the order code, e.g. LR20261122-000123)
 *   GET  /open311/v2/media/{sha256}       the photo uploaded with a request (its media_url)
 *
 * POST takes a form (application/x-www-form-urlencoded), the same fields as JSON, or multipart/form-data with the
 * photo as a file field `media` — the upload FixMyStreet's Open311 client sends.
 * Errors are the specification's list, [{ "code": 403, "description": "…" }], with that HTTP status.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAppError } from '@/domain/errors';
import { ATTACHMENT_LIMITS } from '@/domain/orders/attachment-limits';
import { readBody } from '@/server/http/request';
import { sniffMediaType } from '@/server/uploads/media-sniff';
import { uploadDisposition } from '@/server/uploads/uploads.route';
import type { UploadStore } from '@/server/uploads/upload-store';
import type { Clock } from '@/server/clock';
import type { HttpRoute } from '@/server/http/routes';
import { type Open311Value, render, renderErrors, splitFormat } from './open311-format';
import { OPEN311_MEDIA_PATH, Open311Error, type Open311Media, type Open311Service } from './open311.service';
import { logFor } from '@/server/ops/log';

const log = logFor('open311');

export const OPEN311_PATH = '/open311/v2';
const MAX_FORM_BYTES = 64 * 1024;
/** A form with one photo: the largest photo an order takes (domain/orders/attachment-limits.ts) and its fields. */
const MAX_MULTIPART_BYTES = 16 * 1024 * 1024;

/** A NUL character in any field or query is a clear 400 (PostgreSQL cannot store it; see server/http/nul.ts). */
function refuseNul(params: URLSearchParams): URLSearchParams {
  for (const [k, v] of params)
    if (k.includes('\u0000') || v.includes('\u0000'))
      throw new Open311Error(400, '文本中不能含有空字符（NUL）/ NUL characters are not allowed');
  return params;
}

interface PostedRequest {
  fields: URLSearchParams;
  media: Open311Media | null;
}

async function readPost(req: IncomingMessage, uploads: UploadStore): Promise<PostedRequest> {
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.includes('multipart/form-data')) return readMultipart(req, contentType, uploads);
  const text = (await readBody(req, MAX_FORM_BYTES)).toString('utf8');
  // The specification posts form fields; a JSON object with the same names is accepted as well.
  if (contentType.includes('application/json')) {
    try {
      return {
        fields: new URLSearchParams(Object.entries(JSON.parse(text) as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
        media: null,
      };
    } catch {
      throw new Open311Error(400, 'body is not valid JSON');
    }
  }
  return { fields: new URLSearchParams(text), media: null };
}

/** A multipart form (parsed by the platform's own Fetch implementation); its photo is checked and stored. */
async function readMultipart(req: IncomingMessage, contentType: string, uploads: UploadStore): Promise<PostedRequest> {
  const body = await readBody(req, MAX_MULTIPART_BYTES);
  let form: FormData;
  try {
    form = await new Request('http://open311.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(body),
    }).formData();
  } catch {
    throw new Open311Error(400, 'body is not a valid multipart/form-data form');
  }
  const fields = new URLSearchParams();
  let file: File | null = null;
  for (const [name, value] of form) {
    if (typeof value === 'string') fields.append(name, value);
    else if (name === 'media' && !file) file = value;
  }
  if (!file || file.size === 0) return { fields, media: null };
  const bytes = Buffer.from(await file.arrayBuffer());
  const mediaType = sniffMediaType(bytes);
  if (!mediaType?.startsWith('image/') || bytes.length > (ATTACHMENT_LIMITS[mediaType] ?? 0))
    throw new Open311Error(400, 'media must be a photo (JPEG, PNG, WebP or HEIC) within 15 MB');
  const stored = await uploads.put(bytes);
  return {
    fields,
    media: { contentHash: stored.contentHash, mediaType, byteSize: bytes.length, fileName: file.name?.slice(0, 200) || null },
  };
}

function send(res: ServerResponse, status: number, rendered: { contentType: string; body: string }): void {
  res.writeHead(status, { 'content-type': rendered.contentType, 'content-length': Buffer.byteLength(rendered.body) }).end(rendered.body);
}

/** This endpoint's own origin as the client reached it (discovery's URL, media_url). */
const originOf = (req: IncomingMessage) => `${req.headers['x-forwarded-proto'] ?? 'http'}://${req.headers.host ?? 'localhost'}`;

async function answer(req: IncomingMessage, url: URL, service: Open311Service, uploads: UploadStore, now: Date, path: string) {
  const method = req.method ?? 'GET';
  const base = originOf(req);
  if (path === `${OPEN311_PATH}/discovery` && method === 'GET') return { status: 200, root: 'discovery', data: service.discovery(base) };
  if (path === `${OPEN311_PATH}/services` && method === 'GET') return { status: 200, root: 'services', data: await service.services() };
  if (path.startsWith(`${OPEN311_PATH}/services/`) && method === 'GET') {
    return {
      status: 200,
      root: 'service_definition',
      data: await service.definition(decodeURIComponent(path.slice(`${OPEN311_PATH}/services/`.length))),
    };
  }
  if (path === `${OPEN311_PATH}/requests` && method === 'POST') {
    const posted = await readPost(req, uploads);
    return { status: 201, root: 'service_requests', data: await service.submit(refuseNul(posted.fields), posted.media) };
  }
  if (path === `${OPEN311_PATH}/requests` && method === 'GET')
    return { status: 200, root: 'service_requests', data: await service.requests(refuseNul(url.searchParams), now) };
  if (path.startsWith(`${OPEN311_PATH}/requests/`) && method === 'GET') {
    return {
      status: 200,
      root: 'service_requests',
      data: await service.request(decodeURIComponent(path.slice(`${OPEN311_PATH}/requests/`.length)), now),
    };
  }
  throw new Open311Error(404, `no ${method} ${path} in GeoReport v2`);
}

/** Media paths in answers become absolute URLs on this server, as the specification's media_url is a URL. */
function withAbsoluteMedia(data: Open311Value, base: string): Open311Value {
  if (!Array.isArray(data)) return data;
  return data.map((item) =>
    item && typeof item === 'object' && !Array.isArray(item) && typeof item.media_url === 'string' && item.media_url.startsWith('/')
      ? { ...item, media_url: `${base}${item.media_url}` }
      : item,
  );
}

async function serveMedia(res: ServerResponse, deps: { open311: Open311Service; uploads: UploadStore }, hash: string): Promise<void> {
  const bytes = /^[0-9a-f]{64}$/.test(hash) && (await deps.open311.isPublicMedia(hash)) ? await deps.uploads.get(hash) : null;
  if (!bytes) throw new Open311Error(404, `media ${hash} not found`);
  const mediaType = sniffMediaType(bytes) ?? 'application/octet-stream';
  res
    .writeHead(200, {
      'content-type': mediaType,
      'content-length': bytes.length,
      'content-disposition': uploadDisposition(mediaType, hash),
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'public, max-age=86400',
    })
    .end(bytes);
}

export function createOpen311Routes(deps: { open311: Open311Service; clock: Clock; uploads: UploadStore }): HttpRoute[] {
  return [
    {
      prefix: OPEN311_PATH,
      async handle(req, res, url) {
        const { path, format } = splitFormat(url.pathname);
        try {
          if (path.startsWith(`${OPEN311_MEDIA_PATH}/`) && req.method === 'GET')
            return await serveMedia(res, deps, path.slice(OPEN311_MEDIA_PATH.length + 1));
          const result = await answer(req, url, deps.open311, deps.uploads, deps.clock.now(), path);
          send(res, result.status, render(format, result.root, withAbsoluteMedia(result.data, originOf(req))));
        } catch (error) {
          if (error instanceof Open311Error) return send(res, error.status, renderErrors(format, error.status, error.message));
          if (isAppError(error) && error.httpStatus < 500)
            return send(res, error.httpStatus, renderErrors(format, error.httpStatus, error.message));
          log.error('unexpected error', error);
          send(res, 500, renderErrors(format, 500, 'internal error'));
        }
      },
    },
  ];
}
