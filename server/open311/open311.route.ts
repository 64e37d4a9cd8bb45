/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), so standard civic-issue clients can file and
 * follow requests. Raw HTTP before Next.js; every path takes .json or .xml:
 *
 *   GET  /open311/v2/discovery            GET  /open311/v2/services          GET /open311/v2/services/{code}
 *   GET  /open311/v2/requests             POST /open311/v2/requests (form-encoded, api_key required)
 *   GET  /open311/v2/requests/{id}        (id = the order code, e.g. LR20261122-000123)
 *
 * Errors are the specification's list, [{ "code": 403, "description": "…" }], with that HTTP status.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAppError } from '@/domain/errors';
import type { Clock } from '@/server/clock';
import type { HttpRoute } from '@/server/http/routes';
import { render, renderErrors, splitFormat } from './open311-format';
import { Open311Error, type Open311Service } from './open311.service';

export const OPEN311_PATH = '/open311/v2';
const MAX_FORM_BYTES = 64 * 1024;

/** A NUL character in any field or query is a clear 400 (PostgreSQL cannot store it; see server/http/nul.ts). */
function refuseNul(params: URLSearchParams): URLSearchParams {
  for (const [k, v] of params)
    if (k.includes('\u0000') || v.includes('\u0000'))
      throw new Open311Error(400, '文本中不能含有空字符（NUL）/ NUL characters are not allowed');
  return params;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new Open311Error(413, `request body larger than ${MAX_FORM_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  // The specification posts form fields; a JSON object with the same names is accepted as well.
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    try {
      return new URLSearchParams(Object.entries(JSON.parse(text) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    } catch {
      throw new Open311Error(400, 'body is not valid JSON');
    }
  }
  return new URLSearchParams(text);
}

function send(res: ServerResponse, status: number, rendered: { contentType: string; body: string }): void {
  res.writeHead(status, { 'content-type': rendered.contentType, 'content-length': Buffer.byteLength(rendered.body) }).end(rendered.body);
}

async function answer(req: IncomingMessage, url: URL, service: Open311Service, now: Date, path: string) {
  const method = req.method ?? 'GET';
  const base = `${req.headers['x-forwarded-proto'] ?? 'http'}://${req.headers.host ?? 'localhost'}`;
  if (path === `${OPEN311_PATH}/discovery` && method === 'GET') return { status: 200, root: 'discovery', data: service.discovery(base) };
  if (path === `${OPEN311_PATH}/services` && method === 'GET') return { status: 200, root: 'services', data: await service.services() };
  if (path.startsWith(`${OPEN311_PATH}/services/`) && method === 'GET') {
    return {
      status: 200,
      root: 'service_definition',
      data: await service.definition(decodeURIComponent(path.slice(`${OPEN311_PATH}/services/`.length))),
    };
  }
  if (path === `${OPEN311_PATH}/requests` && method === 'POST')
    return { status: 201, root: 'service_requests', data: await service.submit(refuseNul(await readForm(req))) };
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

export function createOpen311Routes(deps: { open311: Open311Service; clock: Clock }): HttpRoute[] {
  return [
    {
      prefix: OPEN311_PATH,
      async handle(req, res, url) {
        const { path, format } = splitFormat(url.pathname);
        try {
          const result = await answer(req, url, deps.open311, deps.clock.now(), path);
          send(res, result.status, render(format, result.root, result.data));
        } catch (error) {
          if (error instanceof Open311Error) return send(res, error.status, renderErrors(format, error.status, error.message));
          if (isAppError(error) && error.httpStatus < 500)
            return send(res, error.httpStatus, renderErrors(format, error.httpStatus, error.message));
          console.error('[open311] unexpected error', error);
          send(res, 500, renderErrors(format, 500, 'internal error'));
        }
      },
    },
  ];
}
