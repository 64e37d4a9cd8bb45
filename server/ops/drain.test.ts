/**
 * A stopping process answers what it has started and takes nothing new; what outlives the grace period is cut.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpDrain } from './drain';

let server: Server;
afterEach(() => server?.closeAllConnections());

/** A server whose every answer takes `delayMs`. */
async function slowServer(delayMs: number, drain: HttpDrain): Promise<number> {
  server = createServer((_req, res) => {
    drain.track(res);
    setTimeout(() => res.end('done'), delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function get(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('draining the HTTP server', () => {
  it('finishes a request in flight, then refuses new connections', async () => {
    const drain = new HttpDrain();
    const port = await slowServer(400, drain);
    const inFlight = get(port);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(drain.requestsInFlight).toBe(1);

    const drained = drain.drain(server, 5_000);
    await expect(get(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await inFlight).toEqual({ status: 200, body: 'done' });
    const { cut, waitedMs } = await drained;
    expect(cut).toBe(0);
    expect(waitedMs).toBeLessThan(5_000);
  });

  it('cuts what outlives the grace period, and says how many', async () => {
    const drain = new HttpDrain();
    const port = await slowServer(10_000, drain);
    const inFlight = get(port);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { cut, waitedMs } = await drain.drain(server, 200);
    expect(cut).toBe(1);
    expect(waitedMs).toBeGreaterThanOrEqual(190);
    await expect(inFlight).rejects.toThrow();
  });
});
