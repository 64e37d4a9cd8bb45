/**
 * Composes one OneMap server: services over a database, the HTTP request handler (ingest routes, tRPC, then
 * Next.js), and the live parts attached to an http.Server. It never listens itself, so tests start it on a
 * random port with a fresh database.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { DbHandle } from '@/db/connect';
import type { AppServices } from './app-services';
import { createAlarmIngestRoute } from './alarms/alarm-ingest.route';
import { type AlarmsHub, createAlarmsHub } from './alarms/alarms-hub';
import { AlarmSource } from './sim/alarm-source';
import { createTrpcHandler, TRPC_PREFIX } from './api/http-handler';
import { AuthService, SESSION_COOKIE } from './auth/auth.service';
import { readCookie } from './auth/cookies';
import type { Env } from './env';
import { compressWhenAccepted } from './http/compress';
import { sendError } from './http/request';
import { needsSignIn } from './http/page-guard';
import { type HttpRoute, matchRoute } from './http/routes';
import { createMapDataRoute } from './geography/map-data.route';
import { createMapLibreWorkerRoute } from './geography/maplibre-worker.route';
import { createLiveServices, liveRoutes, startLive } from './realtime/live-services';
import { createUploadsRoute } from './uploads/uploads.route';
import { createDispatchHub, startDispatchJobs } from './dispatch/dispatch-hub';
import { createPartnerRoutes } from './dispatch/partners/partner-inbound.route';
import { createOpen311Routes } from './dispatch/open311/open311.route';
import { createCockpitServices, startCockpitJobs } from './cockpit/cockpit-services';
import { createHazardLedgerRoute } from './cockpit/hazard-ledger';
import { LightingService } from './lighting/lighting.service';
import { systemClock } from './orders/clock';
import { DemoPlatforms } from './dispatch/partners/demo-platforms';
import { PositionFeed } from './dispatch/partners/position-feed';
import { SharedReads } from './shared-reads';

export type NextRequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface OneMapApp {
  services: AppServices;
  handleRequest(req: IncomingMessage, res: ServerResponse): void;
  /** Starts the live parts (Socket.IO, simulator, periodic jobs) on a created http.Server. */
  attach(server: Server): Promise<void>;
  close(): Promise<void>;
}

export async function createApp(config: Env, database: DbHandle, nextHandler?: NextRequestHandler): Promise<OneMapApp> {
  const auth = new AuthService(database.db, {
    sessionTtlHours: config.SESSION_TTL_HOURS,
    maxAttempts: config.LOGIN_MAX_ATTEMPTS,
    windowSeconds: config.LOGIN_WINDOW_SECONDS,
  });
  const live = await createLiveServices(config, database);
  // Order notices go to the live screens (and assigned units' phones) through the same hub as positions; a new
  // 12345 order also looks for open alarms about the same place (one problem, one incident).
  let alarms: AlarmsHub | null = null;
  const dispatchHub = createDispatchHub({
    db: database.db,
    publish: (notice) => {
      live.liveHub.orderNotice(notice);
      if (notice.type === 'order:changed' && notice.action === 'create') {
        alarms?.alarms.linkArrivedOrder(notice.orderId).catch((error: unknown) => console.error('[alarms] incident link failed:', error));
      }
    },
  });
  alarms = createAlarmsHub({ db: database.db, intake: dispatchHub.intake, publish: (notice) => live.liveHub.alarmNotice(notice) });
  const cockpit = createCockpitServices({ db: database.db, clock: systemClock, orders: dispatchHub.orders });
  const lighting = new LightingService({ db: database.db, clock: systemClock, orders: dispatchHub.orders });
  const sharedReads = new SharedReads({ ttlMs: config.SHARED_READ_MS });
  const services: AppServices = { config, db: database.db, dialect: database.dialect, auth, dispatchHub, alarms, cockpit, lighting, sharedReads, ...live };
  const routes: HttpRoute[] = [
    createMapDataRoute(),
    createMapLibreWorkerRoute(),
    ...liveRoutes(live),
    createAlarmIngestRoute(),
    ...createPartnerRoutes(),
    ...createOpen311Routes(),
    createUploadsRoute(config.DATA_DIR),
    createHazardLedgerRoute(),
  ];
  const trpc = createTrpcHandler(services);
  const stops: Array<() => Promise<void> | void> = [];

  async function redirectUnlessSignedIn(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const user = await auth.userForToken(readCookie(req.headers.cookie, SESSION_COOKIE));
    if (user) return false;
    res.writeHead(302, { location: `/login?next=${encodeURIComponent(url.pathname + url.search)}` }).end();
    return true;
  }

  function handleRequest(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith(`${TRPC_PREFIX}/`)) {
      trpc(req, compressWhenAccepted(req, res));
      return;
    }
    const route = matchRoute(routes, url.pathname);
    if (route) {
      route.handle(req, res, url, services).catch((error: unknown) => sendError(res, error));
      return;
    }
    if (nextHandler) {
      if (needsSignIn(req, url.pathname)) {
        void redirectUnlessSignedIn(req, res, url).then((redirected) => {
          if (!redirected) nextHandler(req, res).catch((error: unknown) => sendError(res, error));
        });
        return;
      }
      nextHandler(req, res).catch((error: unknown) => sendError(res, error));
      return;
    }
    res.writeHead(404).end();
  }

  return {
    services,
    handleRequest,
    async attach(server: Server) {
      stops.push(...(await startLive(server, live, { auth, db: database.db, config })));
      stops.push(startDispatchJobs(dispatchHub));
      if (config.SIMULATOR) {
        // The center's meters and the alarm sources are simulated like the vehicles: off with the simulator.
        stops.push(startCockpitJobs(cockpit, database.db));
        const alarmSource = new AlarmSource(database.db, services.alarms.alarms, config.SIMULATOR_SEED);
        await alarmSource.start();
        stops.push(() => alarmSource.stop());
      }
      // Unit positions to 区城运 whenever that link is configured (the demonstration's simulated one included).
      stops.push(new PositionFeed({ db: database.db, clock: dispatchHub.orders.clock, units: () => live.liveUnits.snapshot().units }).start());
      if (config.SIMULATOR && config.PARTNER_SIMULATOR !== 'off') {
        const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
        const demo = new DemoPlatforms({
          db: database.db,
          clock: dispatchHub.orders.clock,
          deliveries: dispatchHub.partnerDeliveries,
          baseUrl: `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`,
          seed: config.SIMULATOR_SEED,
          mode: config.PARTNER_SIMULATOR,
        });
        const simulated = await demo.start();
        console.log(`[onemap] partner simulator (${config.PARTNER_SIMULATOR}): ${simulated.join(', ') || 'none (real partners configured)'}`);
        services.demoPlatforms = demo;
        stops.push(() => demo.stop());
      }
    },
    async close() {
      for (const stop of stops.reverse()) await stop();
      await database.close();
    },
  };
}
