import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedEncoding, compressWhenAccepted } from './compress';

const BIG = JSON.stringify({ layers: Array.from({ length: 2000 }, (_, i) => ({ id: i, name: `路灯 ${i}`, status: 'on' })) });

describe('acceptedEncoding', () => {
  it('prefers brotli, falls back to gzip, and respects q=0', () => {
    expect(acceptedEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(acceptedEncoding('gzip, deflate')).toBe('gzip');
    expect(acceptedEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(acceptedEncoding('*')).toBe('br');
    expect(acceptedEncoding('identity')).toBeNull();
    expect(acceptedEncoding(undefined)).toBeNull();
  });
});

describe('compressWhenAccepted', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    // Written the way the tRPC adapter writes: headers first, then the body in chunks, then end().
    server = createServer((req, res) => {
      const out = compressWhenAccepted(req, res);
      const body = req.url === '/small' ? '{"ok":true}' : BIG;
      out.setHeader('content-type', 'application/json');
      out.write(body.slice(0, 1000));
      out.write(Buffer.from(body.slice(1000)));
      out.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = (path: string, acceptEncoding?: string) =>
    new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      const req = request({ port, path, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });

  it('sends a large body compressed with its length, and the same bytes come out', async () => {
    const br = await get('/', 'gzip, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(BIG.length / 4);
    expect(brotliDecompressSync(br.body).toString()).toBe(BIG);
    expect(br.headers.vary).toMatch(/Accept-Encoding/);

    const gz = await get('/', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(BIG);
  });

  it('leaves small bodies and browsers without an accepted encoding alone', async () => {
    const small = await get('/small', 'gzip, br');
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body.toString()).toBe('{"ok":true}');
    const plain = await get('/');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(BIG);
  });
});
