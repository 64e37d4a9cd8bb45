/**
 * Compresses a handler's reply when the browser accepts it (brotli, else gzip) and the body is worth it. Built for
 * the tRPC adapter, which sets its headers and then writes a whole JSON body (httpBatchLink: never streamed): the
 * body is gathered, compressed on zlib's thread pool (not on the event loop that carries live positions) and sent
 * with its length. The wall's first batch (facility layers, KPIs, feed) shrinks from ≈290 KB to a fifth of that.
 * Small bodies, HEAD requests and replies that already carry an encoding pass unchanged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** Below this, compressing saves less than the headers and the CPU cost. */
const MIN_BYTES = 1024;
/** Brotli 5 compresses JSON better than gzip 6 and about as fast; 11 (the default) is far too slow per request. */
const BROTLI_QUALITY = 5;

export type Encoding = 'br' | 'gzip';

/** The best encoding the request's Accept-Encoding allows (q=0 refuses one), or null. */
export function acceptedEncoding(header: string | string[] | undefined): Encoding | null {
  const offered = new Map<string, number>();
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    offered.set(name, q ? Number(q.slice(2)) : 1);
  }
  const allowed = (name: Encoding) => (offered.get(name) ?? offered.get('*') ?? 0) > 0;
  if (allowed('br')) return 'br';
  if (allowed('gzip')) return 'gzip';
  return null;
}

/** Compresses on zlib's thread pool, off the event loop. */
export function compress(body: Buffer, encoding: Encoding): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, result: Buffer) => (error ? reject(error) : resolve(result));
    if (encoding === 'br') {
      brotliCompress(
        body,
        { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } },
        done,
      );
    } else gzip(body, done);
  });
}

function toBuffer(chunk: unknown, encoding: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
}

/** Makes `res` compress what is written to it, when `req` accepts an encoding; returns `res`. */
export function compressWhenAccepted(req: IncomingMessage, res: ServerResponse): ServerResponse {
  const encoding = acceptedEncoding(req.headers['accept-encoding']);
  if (!encoding || req.method === 'HEAD') return res;
  const chunks: Buffer[] = [];
  const end = res.end.bind(res) as (body?: Buffer, callback?: () => void) => ServerResponse;

  res.write = ((chunk: unknown, encodingOrCallback?: unknown, callback?: unknown) => {
    if (chunk != null) chunks.push(toBuffer(chunk, encodingOrCallback));
    const cb = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (typeof cb === 'function') process.nextTick(cb as () => void);
    return true;
  }) as ServerResponse['write'];

  res.end = ((chunk?: unknown, encodingOrCallback?: unknown, callback?: unknown) => {
    if (chunk != null && typeof chunk !== 'function') chunks.push(toBuffer(chunk, encodingOrCallback));
    const cb = [chunk, encodingOrCallback, callback].find((a) => typeof a === 'function') as (() => void) | undefined;
    const body = Buffer.concat(chunks);
    res.appendHeader('vary', 'Accept-Encoding');
    if (body.length < MIN_BYTES || res.headersSent || res.hasHeader('content-encoding')) return end(body, cb);
    compress(body, encoding).then(
      (compressed) => {
        if (res.destroyed) return;
        res.setHeader('content-encoding', encoding);
        res.setHeader('content-length', compressed.length);
        end(compressed, cb);
      },
      () => end(body, cb),
    );
    return res;
  }) as ServerResponse['end'];

  return res;
}
