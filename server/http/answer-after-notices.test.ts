import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { answerAfterNotices } from './answer-after-notices';

let server: Server | null = null;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** A route that answers at once, behind the wrapper, with a journal that settles when the test says. */
async function start() {
  let settle: () => void = () => undefined;
  const waits: number[] = [];
  const journal = {
    settled: (maxWaitMs: number) => {
      waits.push(maxWaitMs);
      return new Promise<void>((resolve) => (settle = resolve));
    },
  };
  const route = answerAfterNotices(
    {
      prefix: '/api/thing',
      handle: async (_req, res) => void res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}'),
    },
    journal,
  );
  server = createServer((req, res) => void route.handle(req, res, new URL(req.url ?? '/', 'http://x')));
  await new Promise<void>((listening) => server!.listen(0, '127.0.0.1', () => listening()));
  const base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/api/thing`;
  return { base, waits, settle: () => settle() };
}

describe('raw HTTP writes answered after their notices are journaled', () => {
  it('holds a POST answer until the journal has settled, then sends it whole', async () => {
    const { base, waits, settle } = await start();
    let answered = false;
    const response = fetch(base, { method: 'POST', body: '{}' }).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((wait) => setTimeout(wait, 150));
    expect(answered).toBe(false);
    expect(waits).toEqual([3000]);
    settle();
    const r = await response;
    expect(r.status).toBe(201);
    expect(await r.json()).toEqual({ ok: true });
  });

  it('answers a read at once, without asking the journal', async () => {
    const { base, waits } = await start();
    const r = await fetch(base);
    expect(r.status).toBe(201);
    expect(waits).toEqual([]);
  });
});
