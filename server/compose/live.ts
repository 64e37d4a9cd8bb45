/**
 * The live parts: the hub services broadcast through, the event feed and the live unit store; once an
 * http.Server exists, the Socket.IO server and the store's timers. The simulators that drive them are started
 * by compose/sim.ts.
 */
import type { Server } from 'node:http';
import type { DbHandle } from '@/db/connect';
import type { AuthService } from '@/server/auth/auth.service';
import type { Env } from '@/server/env';
import { EventFeedService } from '@/server/events/events.service';
import { LiveHub } from '@/server/realtime/live-hub';
import { createRealtimeServer } from '@/server/realtime/socket-server';
import { LiveUnitsService } from '@/server/units/units.service';

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

/** Starts the sockets and the store's timers; returns their stops in start order (run them in reverse). */
export function startLive(server: Server, live: LiveServices, auth: AuthService, publicOrigin: string | null): Array<() => Promise<void>> {
  const realtime = createRealtimeServer(server, { auth, hub: live.liveHub, publicOrigin });
  live.liveUnits.start();
  return [() => realtime.close(), () => live.liveUnits.stop()];
}
