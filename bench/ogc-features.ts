/**
 * OGC API – Features benchmark (issue 15, "Speed"): on the real app over the real Changning seed, per dialect,
 * a GIS client's items page of 1,000 features (the 1,338 mapped trees, with the feature-API key from the
 * registry, every call counted there) fetched 200 times one after another; target p95 ≤ 100 ms. Also a page of
 * the 60 park outlines (polygons, with their PostGIS areas) and a bbox + property-filtered page.
 * The embedded dialect runs as in production: a data folder served by its own thread (db/pglite-owner.ts), not
 * the in-memory database on the calling thread the integration tests use. Client, server and (embedded) database
 * share this machine, so the times include the client's own JSON parsing of each ~400 KB page.
 *
 * Run alone: npm run bench -- ogc-features
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDatabase, type DialectName } from '@/db/connect';
import { migrateToLatest } from '@/db/migrate';
import { seedDatabase } from '@/db/seed';
import { createApp } from '@/server/app';
import { scopesFor } from '@/server/clients/client-scopes';
import { parseEnv } from '@/server/env';
import { SYSTEM_ACTOR } from '@/server/orders/order-change';
import { freshDatabase } from '../tests/integration/databases';
import { median, p95, round, timed } from './stats';

const RUNS = 200;
const WARM_UP = 10;
const TARGET_P95_MS = 100;

async function measure(url: string, key: string, runs = RUNS) {
  const samples: number[] = [];
  let features = 0;
  for (let i = 0; i < WARM_UP + runs; i++) {
    const [ms, body] = await timed(async () => {
      const response = await fetch(url, { headers: { 'x-api-key': key } });
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return (await response.json()) as { numberReturned: number };
    });
    if (i >= WARM_UP) samples.push(ms);
    features = body.numberReturned;
  }
  return { features, medianMs: round(median(samples)), p95Ms: round(p95(samples)) };
}

/** A fresh database as production opens it: the server dialect, or an embedded data folder on its own thread. */
async function openDatabase(dialect: DialectName, serverUrl: string | undefined) {
  if (dialect === 'postgres') return freshDatabase(dialect, { serverUrl });
  const dataDir = mkdtempSync(join(tmpdir(), 'onemap-ogc-bench-'));
  const handle = await connectDatabase({ dataDir });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    drop: async () => {
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function dialectRun(dialect: DialectName, serverUrl: string | undefined) {
  const database = await openDatabase(dialect, serverUrl);
  try {
    await seedDatabase(database.db);
    const app = await createApp(parseEnv({ SIMULATOR: 'off', NODE_ENV: 'production' }), { ...database, close: async () => undefined });
    const server = createServer(app.handleRequest);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/features/collections`;
    try {
      const { key } = await app.services.outsideClients.issue(
        { kind: 'feature-api', name: 'bench', scopes: scopesFor('feature-api') },
        SYSTEM_ACTOR,
      );
      const trees = await measure(`${base}/tree/items?limit=1000`, key);
      const parks = await measure(`${base}/park/items?limit=1000`, key, 50);
      const filtered = await measure(`${base}/tree/items?limit=1000&bbox=121.36,31.20,121.44,31.24&synthetic=false`, key, 50);

      const calls = (await app.services.outsideClients.calls()).find((c) => c.name === 'bench');
      return {
        dialect,
        treesPage1000: { ...trees, targetP95Ms: TARGET_P95_MS, met: trees.p95Ms <= TARGET_P95_MS },
        parksPage: parks,
        bboxAndFilterPage: filtered,
        callsCounted: calls?.today ?? 0,
      };
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await app.close();
    }
  } finally {
    await database.drop();
  }
}

export async function runOgcFeaturesBench(options: { serverUrl?: string } = {}) {
  const runs = [];
  for (const dialect of ['embedded', 'postgres'] as const) {
    if (dialect === 'postgres' && !options.serverUrl && !process.env.TEST_DATABASE_URL) continue;
    runs.push(await dialectRun(dialect, options.serverUrl));
  }
  return { runs };
}
