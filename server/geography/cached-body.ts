/**
 * Replies with a cacheable body: a strong ETag (a 304 when the browser already has it) and gzip when the
 * browser accepts it. Bodies are computed once and kept for `ttlMs`, so many wall screens reloading at once
 * cost the database one query per layer.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

export interface CachedBody {
  etag: string;
  plain: Buffer;
  gzip: Buffer;
  expiresAt: number;
}

export function cachedBody(content: string | Uint8Array, ttlMs: number, now = Date.now()): CachedBody {
  const plain = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  const etag = `"${createHash('sha1').update(plain).digest('base64url')}"`;
  return { etag, plain, gzip: gzipSync(plain), expiresAt: now + ttlMs };
}

/** True when an If-None-Match header names this ETag (or is `*`). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

export function sendCachedBody(
  req: IncomingMessage,
  res: ServerResponse,
  body: CachedBody,
  contentType: string,
  cacheControl: string,
): void {
  const headers: Record<string, string> = { etag: body.etag, 'cache-control': cacheControl, vary: 'Accept-Encoding, Cookie' };
  if (etagMatches(req.headers['if-none-match'], body.etag)) {
    res.writeHead(304, headers).end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const payload = gzip ? body.gzip : body.plain;
  res.writeHead(200, {
    ...headers,
    'content-type': contentType,
    'content-length': String(payload.length),
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : payload);
}
