/**
 * Composition of the live parts, so server/app.ts stays a list: the hub services broadcast through, the event
 * feed, the live unit store with its ingest routes, and, once an http.Server exists, the Socket.IO server, the
 * store's timers and the simulator. Returns the stops in the order they must run.
 */
import type { Server } from 'node:http';
import type { Kysely } from 'kysely';
import type { DbHandle } from '@/db/connect';
import type { Database } from '@/db/schema';
import type { AuthService } from '@/server/auth/auth.service';
import type { Env } from '@/server/env';
import { EventFeedService } from '@/server/events/events.service';
import type { HttpRoute } from '@/server/http/routes';
import { Simulator } from '@/server/sim/simulator';
import { createIngestRoutes } from '@/server/units/ingest/ingest-routes';
import { LiveUnitsService } from '@/server/units/units.service';
import { LiveHub } from './live-hub';
import { createRealtimeServer } from './socket-server';

export interface LiveServices {
  liveHub: LiveHub;
  eventFeed: EventFeedService;
  liveUnits: LiveUnitsService;
}

/** Builds the live services and loads the unit table into memory. */
export async function createLiveServices(config: Env, database: Pick<DbHandle, 'db' | 'dialect'>): Promise<LiveServices> {
  const { db } = database;
  const liveHub = new LiveHub();
  const eventFeed = new EventFeedService(db, liveHub);
  const liveUnits = new LiveUnitsService(db, liveHub, eventFeed, {
    frameMs: config.POSITION_FRAME_MS,
    offlineSeconds: config.UNIT_OFFLINE_SECONDS,
    // PostgreSQL vacuums by itself; the embedded database does not.
    compactEveryMs: database.dialect === 'embedded' ? 5 * 60_000 : undefined,
  });
  await liveUnits.load();
  return { liveHub, eventFeed, liveUnits };
}

export function liveRoutes(live: LiveServices): HttpRoute[] {
  return createIngestRoutes(live.liveUnits);
}

/** Starts sockets, the store's timers and (unless SIMULATOR=off) the simulator; returns their stops in start order (run them in reverse). */
export async function startLive(
  server: Server,
  live: LiveServices,
  deps: { auth: AuthService; db: Kysely<Database>; config: Env },
): Promise<Array<() => Promise<void>>> {
  const realtime = createRealtimeServer(server, { auth: deps.auth, hub: live.liveHub });
  live.liveUnits.start();
  const stops = [() => realtime.close(), () => live.liveUnits.stop()];
  if (deps.config.SIMULATOR) {
    const simulator = new Simulator(deps.db, live.liveUnits, live.eventFeed, live.liveHub, {
      seed: deps.config.SIMULATOR_SEED,
      offlineSeconds: deps.config.UNIT_OFFLINE_SECONDS,
    });
    const driven = await simulator.start();
    console.log(`[onemap] simulator: ${driven.units} units on ${driven.roads} road lines and ${driven.places} places`);
    stops.push(() => simulator.stop());
  }
  return stops;
}
