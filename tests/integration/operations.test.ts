/**
 * The operations endpoints on a running app, both dialects: /healthz answers alive, /readyz says ready only with the
 * database answering and fully migrated, /metrics is closed without the scraper's token and, with it, reports what
 * an operator graphs — requests by route class, sockets connected now, positions received, outside-client calls.
 */
import { request } from 'node:http';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { configureLogging } from '@/server/ops/log';
import { dialects } from './databases';
import { connectDatabase } from '@/db/connect';
import { migratedEmbeddedTemplate } from './migrated-templates';
import { connected, type LiveTestApp, openSocket, sessionCookieFor, startLiveApp, type TestSocket } from './units-fixtures';

const TOKEN = 'scrape-token-0123456789';

/** The value of a metric line with these labels in Prometheus text, or null. */
function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.split(' ').at(-1));
  }
  return null;
}

describe.each(dialects)('operations endpoints on %s', (dialect) => {
  let live: LiveTestApp;
  let socket: TestSocket | null = null;

  beforeAll(async () => {
    live = await startLiveApp(dialect, [{ code: 'OPS-1', at: [121.42, 31.22] }], { METRICS_TOKEN: TOKEN });
  });
  afterAll(async () => {
    socket?.disconnect();
    await live.close();
  });

  it('says alive and ready, and not ready when a migration is missing', async () => {
    const alive = await fetch(`${live.baseUrl}/healthz`);
    expect(alive.status).toBe(200);
    expect(await alive.json()).toEqual({ status: 'alive' });
    const ready = await fetch(`${live.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: { ok: true }, pendingMigrations: [] });

    // A process running newer code than the database's schema must not take traffic.
    const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1`.execute(live.database.db);
    await sql`DELETE FROM kysely_migration WHERE name = ${rows[0].name}`.execute(live.database.db);
    try {
      const notReady = await fetch(`${live.baseUrl}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toMatchObject({ status: 'not ready', pendingMigrations: [rows[0].name] });
    } finally {
      await sql`INSERT INTO kysely_migration (name, timestamp) VALUES (${rows[0].name}, ${new Date().toISOString()})`.execute(
        live.database.db,
      );
    }
  });

  it('keeps the metrics closed to anyone without the scraper token', async () => {
    expect((await fetch(`${live.baseUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${live.baseUrl}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    expect((await fetch(`${live.baseUrl}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('reports requests, sockets, received positions and refused outside calls', async () => {
    const cookie = await sessionCookieFor(live.app, 'duty_officer');
    socket = openSocket(live.baseUrl, cookie);
    await connected(socket);
    await fetch(`${live.baseUrl}/api/health`);
    // A knowledge terminal without its key: a refused outside call.
    expect((await fetch(`${live.baseUrl}/api/knowledge/v1/search?q=垃圾`)).status).toBe(401);
    const unit = live.app.services.liveUnits.unitByCode('OPS-1')!;
    live.app.services.liveUnits.acceptSimulatedPosition(unit, {
      lng: 121.421,
      lat: 31.221,
      recordedAt: Date.now(),
      speedMps: 3,
      headingDeg: 90,
    });

    const response = await fetch(`${live.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(metricValue(text, 'onemap_http_request_duration_seconds_count', { route: '/api/health', method: 'GET' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(metricValue(text, 'onemap_socket_clients')).toBe(1);
    expect(metricValue(text, 'onemap_partner_outbox_depth')).toBe(0);
    expect(metricValue(text, 'onemap_positions_received_total', { source: 'simulator', outcome: 'moved' })).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'onemap_outside_client_calls_total', { kind: 'terminal', outcome: 'refused' })).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'onemap_job_runs_total', { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(text).toContain('onemap_process_cpu_seconds_total');
  });

  it('gives every request an id, in its answer and on its log line, without the query string', async () => {
    const out = new PassThrough();
    let logged = '';
    out.on('data', (chunk: Buffer) => (logged += chunk.toString()));
    configureLogging({ level: 'info', format: 'json', destination: out });
    let healthStatus: number | undefined;
    try {
      const given = await fetch(`${live.baseUrl}/api/health?token=secret-in-query`, { headers: { 'x-request-id': 'nginx-7f3a' } });
      expect(given.headers.get('x-request-id')).toBe('nginx-7f3a');
      healthStatus = given.status;
      // An id that could forge log lines (spaces, over-long) is replaced by one of ours.
      const forged = await fetch(`${live.baseUrl}/healthz`, { headers: { 'x-request-id': `x ${'a'.repeat(200)}` } });
      expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      configureLogging({ level: 'warn', format: 'json' });
    }
    const lines = logged
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({ component: 'http', msg: 'request', requestId: 'nginx-7f3a', path: '/api/health', status: healthStatus }),
    );
    expect(logged).not.toContain('secret-in-query');
  });

  // Last: it stops the app's server.
  it('on stop, answers the request in flight and takes no new connection', async () => {
    const { port } = new URL(live.baseUrl);
    // A sign-in whose body is still arriving when the stop begins.
    const answered = new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/trpc/auth.signIn',
          headers: { 'content-type': 'application/json', origin: live.baseUrl },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      req.write('{"json":{"username":"nobody",');
      setTimeout(() => req.end('"password":"wrong-password"}}'), 600);
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const drained = live.app.drain(live.server, 10_000);
    await expect(fetch(`${live.baseUrl}/healthz`)).rejects.toThrow();
    expect(await answered).toBe(401);
    expect((await drained).cut).toBe(0);
  });
});

describe('query timing', () => {
  it('tells the server of every query, failed ones marked', async () => {
    const seen: Array<{ ms: number; failed: boolean }> = [];
    const handle = await connectDatabase({
      dataDir: 'memory://',
      loadDataDir: await migratedEmbeddedTemplate(),
      onQuery: (ms, failed) => seen.push({ ms, failed }),
    });
    try {
      await sql`SELECT 1`.execute(handle.db);
      await expect(sql`SELECT * FROM no_such_table`.execute(handle.db)).rejects.toThrow();
      expect(seen.map((q) => q.failed)).toEqual([false, true]);
      expect(seen.every((q) => q.ms >= 0)).toBe(true);
    } finally {
      await handle.close();
    }
  });
});
