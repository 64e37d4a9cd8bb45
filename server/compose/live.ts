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
import { NoticeJournal } from '@/server/realtime/notice-journal';
import { createRealtimeServer } from '@/server/realtime/socket-server';
import { LiveUnitsService } from '@/server/units/units.service';
import { type Clock, systemClock } from '@/server/clock';
import { type StartRounds, startRounds } from '@/server/jobs/rounds';
import { PositionHistoryService } from '@/server/units/history/position-history.service';
import { type ClusterLink, connectClusterLink } from '@/server/cluster/cluster-link';

export interface LiveServices {
  liveHub: LiveHub;
  noticeJournal: NoticeJournal;
  eventFeed: EventFeedService;
  liveUnits: LiveUnitsService;
  /** The Redis joining several app processes (REDIS_URL); null: this is the only process. */
  cluster: ClusterLink | null;
}

/** Builds the live services and loads the unit table into memory. */
export async function createLiveServices(
  config: Env,
  database: Pick<DbHandle, 'db' | 'dialect'>,
  clock: Clock = systemClock,
): Promise<LiveServices> {
  const { db } = database;
  const history = new PositionHistoryService(db, clock, {
    sampler: {
      minDistanceM: config.POSITION_SAMPLE_DISTANCE_M,
      minTurnDeg: config.POSITION_SAMPLE_TURN_DEG,
      maxIntervalS: config.POSITION_SAMPLE_INTERVAL_S,
    },
    fullDays: config.POSITION_FULL_DAYS,
    thinDays: config.POSITION_THIN_DAYS,
    orderFromHour: config.POSITION_ORDER_HOUR,
    maxBuffered: config.POSITION_HISTORY_BUFFER,
  });
  const cluster = config.REDIS_URL ? connectClusterLink(config.REDIS_URL) : null;
  const noticeJournal = new NoticeJournal(db);
  const liveHub = new LiveHub(noticeJournal);
  const eventFeed = new EventFeedService(db, liveHub);
  const liveUnits = new LiveUnitsService(db, liveHub, eventFeed, {
    frameMs: config.POSITION_FRAME_MS,
    offlineSeconds: config.UNIT_OFFLINE_SECONDS,
    // PostgreSQL vacuums by itself; the embedded database does not.
    compactEveryMs: database.dialect === 'embedded' ? 5 * 60_000 : undefined,
    history,
    peers: cluster,
  });
  await liveUnits.load();
  return { liveHub, noticeJournal, eventFeed, liveUnits, cluster };
}

/**
 * Starts the sockets and the store's timers; returns their stops in start order (run them in reverse), and the
 * sockets' own close (safe to call twice) for a graceful stop to send the walls elsewhere first.
 */
export function startLive(
  server: Server,
  live: LiveServices,
  auth: AuthService,
  publicOrigin: string | null,
  rounds: StartRounds = startRounds,
): { closeSockets: () => Promise<void>; stops: Array<() => Promise<void>> } {
  const realtime = createRealtimeServer(server, { auth, hub: live.liveHub, publicOrigin, cluster: live.cluster });
  live.liveUnits.start();
  // Day partitions of the position history: created ahead, thinned and dropped on the product's clock.
  const history = live.liveUnits.history;
  const stopRetention = rounds('positions', 3600_000, async () => void (await history.retention.maintain()), { runNow: true });
  // Hourly: journal entries past NOTICE_RETENTION_MS go (a screen away longer reloads everything).
  const stopJournalPrune = rounds('notice-journal', 3600_000, async () => void (await live.noticeJournal.prune(new Date())), {
    runNow: true,
  });
  let socketsClosed: Promise<void> | null = null;
  const closeSockets = () => (socketsClosed ??= realtime.close());
  const stopCluster = async () => void (await live.cluster?.close());
  return { closeSockets, stops: [stopCluster, closeSockets, stopRetention, stopJournalPrune, () => live.liveUnits.stop()] };
}
