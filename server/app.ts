/**
 * Composes one OneMap server: services over a database, the HTTP request handler (ingest routes, tRPC, then
 * Next.js), and the live parts attached to an http.Server. It never listens itself, so tests start it on a
 * random port with a fresh database.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { DbHandle } from '@/db/connect';
import type { AppServices } from './app-services';
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
  // Order notices go to the live screens (and assigned units' phones) through the same hub as positions.
  const dispatchHub = createDispatchHub({ db: database.db, publish: (notice) => live.liveHub.orderNotice(notice) });
  const services: AppServices = { config, db: database.db, dialect: database.dialect, auth, dispatchHub, ...live };
  const routes: HttpRoute[] = [createMapDataRoute(), createMapLibreWorkerRoute(), ...liveRoutes(live), ...createPartnerRoutes(), ...createOpen311Routes(), createUploadsRoute(config.DATA_DIR)];
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
    },
    async close() {
      for (const stop of stops.reverse()) await stop();
      await database.close();
    },
  };
}
