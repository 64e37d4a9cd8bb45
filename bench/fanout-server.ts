/**
 * The server side of the fan-out benchmark, run as a child process so its CPU is measured alone: a folder
 * PGlite with 10,000 units (each with its own device key), and the live parts composed as server/app.ts composes
 * them — the real ingest route, LiveUnitsService (frames, group-committed history into PGlite, batched saves) and
 * the real Socket.IO server with session authentication. Only the HTTP router is reduced to the ingest routes.
 *
 * Two fan-out modes, switched by the parent: 'binary' (the product: one frame per 50 ms to the room) and 'json'
 * (the common approach: every accepted position emitted at once as its own 'position' JSON event; frames off).
 * For the cluster benchmark (cluster-fanout.ts) the parent may instead give a PostgreSQL URL (seeded by the first
 * child only, the others reuse it) and a Redis URL that joins the children as REDIS_URL joins app processes.
 * Messages from the parent: {mode}, {cpu: 'start' | 'stop'}, {stop: true}. To the parent: {ready}, {cpu}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import { type ClusterLink, connectClusterLink } from '@/server/cluster/cluster-link';
import { connectDatabase } from '@/db/connect';
import { migrateToLatest } from '@/db/migrate';
import { AuthService, SESSION_COOKIE } from '@/server/auth/auth.service';
import { EventFeedService } from '@/server/events/events.service';
import { sendError } from '@/server/http/request';
import { matchRoute } from '@/server/http/routes';
import { ROOMS } from '@/domain/realtime/events';
import { CITY_SCOPE } from '@/domain/tenancy/district-scope';
import { readPositionFrame } from '@/domain/realtime/position-frame';
import { type LiveBroadcaster, LiveHub } from '@/server/realtime/live-hub';
import { createRealtimeServer } from '@/server/realtime/socket-server';
import { hashDeviceKey } from '@/server/units/device-keys';
import { createIngestRoutes, type IngestTarget } from '@/server/units/ingest/ingest-routes';
import { LiveUnitsService } from '@/server/units/units.service';
import { median, p95 } from './stats';
import {
  benchDeviceKey,
  benchUnitCode,
  type ChildMessage,
  type FanoutMode,
  type FanoutServerOptions,
  type JsonPosition,
  type ParentMessage,
} from './fanout-protocol';

async function main() {
  const options = JSON.parse(process.argv[2] ?? '{}') as FanoutServerOptions;
  const units = options.units;
  const recordHistory = options.history;
  const seed = options.seed ?? true;
  const handle = options.databaseUrl ? await connectDatabase({ databaseUrl: options.databaseUrl }) : await connectEmbedded();
  const db = handle.db;
  if (seed) await seedBench(db, units);
  const { id: firstUnitId } = await db.selectFrom('units').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();

  const auth = new AuthService(db, { sessionTtlHours: 1, maxAttempts: 5, windowSeconds: 60 });
  if (seed) await auth.createUser({ username: 'bench', displayName: 'bench', role: 'duty_officer', password: 'bench-password-123' });
  const { token } = await auth.signIn('bench', 'bench-password-123', null);
  // Several children on one PostgreSQL: fixes and broadcasts go through Redis as with REDIS_URL (server/compose/live.ts).
  const cluster = options.redisUrl ? connectClusterLink(options.redisUrl) : null;

  let mode: FanoutMode = 'binary';
  const hub = new LiveHub();
  // The server's own share of the latency: from a position applied to the live store to its frame handed to
  // Socket.IO (every 10th slot), so the clients' and load generator's delays can be told apart from the server's.
  const appliedAt = new Float64Array(units);
  let holdMs: number[] = [];
  let frameSendMs = 0;
  const noteSent = (frame: Uint8Array) => {
    const now = performance.now();
    readPositionFrame(frame, (slot) => {
      if (slot % 10 === 0 && appliedAt[slot] > 0) holdMs.push(now - appliedAt[slot]);
      // Counted once: a unit that another process accepts next (several children) is not this one's to time.
      appliedAt[slot] = 0;
    });
  };
  // Frames reach clients only in binary mode; everything else goes through as in the product.
  const broadcaster: LiveBroadcaster = {
    positionsFrame: (frame) => {
      if (mode !== 'binary') return;
      const sending = performance.now();
      hub.positionsFrame(frame);
      frameSendMs += performance.now() - sending;
      noteSent(frame);
    },
    // The bench's sub-districts belong to no district, so every client is city-wide and hears the frames above.
    districtPositionsFrame: (district, frame) => hub.districtPositionsFrame(district, frame),
    unitStatus: (p, district) => hub.unitStatus(p, district),
    feedEvent: (p, district) => hub.feedEvent(p, district),
    facilityStatus: (p, district) => hub.facilityStatus(p, district),
  };
  const liveUnits = new LiveUnitsService(db, broadcaster, new EventFeedService(db, broadcaster), {
    frameMs: 50,
    offlineSeconds: 60,
    recordHistory,
    peers: cluster,
  });
  await liveUnits.load();
  liveUnits.start();

  const server = createServer();
  const realtime = createRealtimeServer(server, { auth, hub, cluster });
  // 'position' is not part of the product's typed events: it exists only for this comparison.
  const emitJson = (payload: JsonPosition) =>
    (realtime.io.to(ROOMS.positions(CITY_SCOPE)) as unknown as { emit(e: 'position', p: JsonPosition): void }).emit('position', payload);
  const target: IngestTarget = {
    unitByCode: (code) => liveUnits.unitByCode(code),
    acceptDevicePositions(reports, source) {
      const now = performance.now();
      for (const { unit } of reports) appliedAt[unit.slot] = now;
      if (mode === 'json') {
        for (const { unit, fix } of reports) {
          emitJson({ id: unit.id, lng: fix.lng, lat: fix.lat, speed: fix.speedMps, heading: fix.headingDeg, at: fix.recordedAt });
          if (unit.slot % 10 === 0) holdMs.push(performance.now() - now);
        }
      }
      return liveUnits.acceptDevicePositions(reports, source);
    },
  };
  const routes = createIngestRoutes(target);
  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = matchRoute(routes, url.pathname);
    if (route) route.handle(req, res, url).catch((error: unknown) => sendError(res, error));
    else res.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  if (cluster) await untilUp(cluster);

  let cpuStart = process.cpuUsage();
  let wallStart = performance.now();
  let lagSamples: number[] = [];
  let lagTimer: ReturnType<typeof setInterval> | null = null;
  process.on('message', async (message: ParentMessage) => {
    if ('mode' in message) mode = message.mode;
    else if ('cpu' in message && message.cpu === 'start') {
      cpuStart = process.cpuUsage();
      wallStart = performance.now();
      lagSamples = [];
      holdMs = [];
      frameSendMs = 0;
      let expected = performance.now() + 10;
      lagTimer = setInterval(() => {
        const now = performance.now();
        lagSamples.push(Math.max(0, now - expected));
        expected = now + 10;
      }, 10);
    } else if ('cpu' in message) {
      const used = process.cpuUsage(cpuStart);
      if (lagTimer) clearInterval(lagTimer);
      const sorted = lagSamples.sort((a, b) => a - b);
      const reply: ChildMessage = {
        cpu: {
          userMs: used.user / 1000,
          systemMs: used.system / 1000,
          wallMs: performance.now() - wallStart,
          eventLoopP99Ms: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
          holdMs: { median: median(holdMs), p95: p95(holdMs) },
          frameSendMs,
        },
      };
      process.send!(reply);
    } else if ('stop' in message) {
      await realtime.close();
      server.close();
      await liveUnits.stop();
      await cluster?.close();
      await handle.close();
      process.exit(0);
    }
  });
  const ready: ChildMessage = {
    ready: { port: (server.address() as AddressInfo).port, cookie: `${SESSION_COOKIE}=${encodeURIComponent(token)}`, firstUnitId, units },
  };
  process.send!(ready);
}

/** A folder database, as in production: it runs in its owner thread, so history writes leave the event loop free. */
async function connectEmbedded() {
  const dataDir = mkdtempSync(join(tmpdir(), 'onemap-fanout-'));
  process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  return connectDatabase({ dataDir });
}

/** The schema, one sub-district and `units` sweepers, each with its own device key. */
async function seedBench(db: Kysely<Database>, units: number) {
  await migrateToLatest(db);
  await sql`INSERT INTO sub_districts (code, name, name_en, geom, label_point) VALUES
    ('310105001', '华阳路街道', 'Huayanglu', ST_Multi(ST_MakeEnvelope(121.3, 31.15, 121.5, 31.3, 4326)), ST_SetSRID(ST_MakePoint(121.42, 31.22), 4326))`.execute(
    db,
  );
  for (let start = 0; start < units; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, units - start) }, (_, k) => {
      const i = start + k;
      return {
        code: benchUnitCode(i),
        kind: 'sweeper' as const,
        name: `车 ${i}`,
        sub_district_code: '310105001',
        synthetic: false,
        on_shift: true,
        device_key_hash: hashDeviceKey(benchDeviceKey(i)),
      };
    });
    await db.insertInto('units').values(rows).execute();
  }
}

/** Measuring starts once this child hears its peers: the link connects in the background (cluster-link.ts). */
async function untilUp(cluster: ClusterLink) {
  for (let tries = 0; !(await cluster.check()).ok; tries++) {
    if (tries > 100) throw new Error('Redis did not answer within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

if (process.send) {
  main().catch((error: unknown) => {
    console.error('[fanout-server]', error);
    process.exit(1);
  });
}
