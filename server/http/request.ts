/** Small helpers for the raw Node HTTP routes: client address, bounded JSON bodies, JSON replies. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '@/domain/errors';
import { normalizeAddress, type TrustProxy } from '@/server/env';
import { containsNul, nulRefusal } from './nul';
import { logFor } from '@/server/ops/log';

const log = logFor('http');

/**
 * The client's address. Behind trusted proxies (TRUST_PROXY) it is read from X-Forwarded-For, right to left: the
 * rightmost entries were added by our own proxies, anything further left was written by the client and is not
 * believed beyond the first untrusted hop.
 */
export function clientIp(req: IncomingMessage, trust: TrustProxy = { hops: 0 }): string | null {
  const remote = req.socket.remoteAddress ? normalizeAddress(req.socket.remoteAddress) : null;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
    .map(normalizeAddress);
  const chain = remote ? [...forwarded, remote] : forwarded;
  if ('hops' in trust) {
    if (trust.hops === 0 || chain.length === 0) return remote;
    return chain[Math.max(0, chain.length - 1 - trust.hops)];
  }
  for (let i = chain.length - 1; i >= 0; i -= 1) {
    if (!trust.addresses.includes(chain[i]) || i === 0) return chain[i];
  }
  return remote;
}

/** Reads a body of at most `maxBytes`; a larger one is refused with 413 before more of it is read. */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  const tooLarge = () =>
    new AppError('PAYLOAD_TOO_LARGE', 'error.badInput', `Body larger than ${maxBytes} bytes`, { detail: `请求体超过 ${maxBytes} 字节` });
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Reads a JSON body of at most `maxBytes`; a larger or malformed body is a clear 4xx, never a partial read. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const text = (await readBody(req, maxBytes)).toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('BAD_REQUEST', 'error.badInput', 'Body is not valid JSON', { detail: '请求体不是合法 JSON' });
  }
  if (containsNul(body)) throw nulRefusal();
  return body;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Replies to an error thrown by a route: AppErrors with their status and message, anything else as 500. */
export function sendError(res: ServerResponse, error: unknown): void {
  if (error instanceof AppError) {
    sendJson(res, error.httpStatus, {
      error: { code: error.code, message: error.message, messageKey: error.messageKey, params: error.params },
    });
    return;
  }
  log.error('unexpected error', error);
  sendJson(res, 500, { error: { code: 'INTERNAL', message: 'Internal error' } });
}
