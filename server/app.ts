/**
 * The one composition root: builds every service of a OneMap server over a database (with the groups in
 * compose/), the HTTP request handler (raw routes, each given only what it uses; tRPC; then Next.js), and the
 * live parts attached to an http.Server. Every other module only declares what it needs. It never listens
 * itself, so tests start it on a random port with a fresh database.
 */
import { join } from 'node:path';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { DbHandle } from '@/db/connect';
import type { Permission } from '@/domain/auth/roles';
import type { AppServices } from './app-services';
import { createAlarmIngestRoute } from './alarms/alarm-ingest.route';
import { createTrpcHandler, TRPC_PREFIX } from './api/http-handler';
import { AccountsService } from './auth/accounts.service';
import { AuditLogService } from './audit/audit-log.service';
import { AuthService, SESSION_COOKIE } from './auth/auth.service';
import { PhoneCodes } from './auth/phone-codes';
import { SimulatedSmsGateway } from './auth/sms-gateway';
import { callerRefusalAuditor } from './audit/audit';
import { pruneAudit } from './audit/audit-chain.repository';
import { roundsBehind } from './jobs/rounds';
import { postgresRoundGate } from './jobs/round-gate';
import { readCookie } from './auth/cookies';
import { systemClock } from './clock';
import { createHazardLedgerRoute } from './cockpit/hazard-ledger';
import { type AlarmsHub, createAlarmsHub } from './compose/alarms';
import { createFeesHub } from './compose/fees';
import { createSettlementHub } from './compose/settlement';
import { createStatementFileRoute } from './settlement/statement-file.route';
import { createFeeNotifyRoutes } from './fees/fee-notify.routes';
import { createInvoiceFileRoute } from './fees/invoice-file.route';
import { createStatisticsXlsxRoute } from './fees/statistics-xlsx.route';
import { createContractPdfRoute } from './fees/contract-pdf.route';
import { SimulatedBank } from './fees/simulated-bank';
import { createCockpitServices } from './compose/cockpit';
import { createDispatchHub, startDispatchJobs } from './compose/dispatch';
import { createLiveServices, startLive } from './compose/live';
import { startSimulations } from './compose/sim';
import { FeeCounterparties } from './sim/fee-counterparties';
import { type Env, ownBaseUrl } from './env';
import { createMapDataRoute } from './geography/map-data.route';
import { createMapTilesRoute } from './geography/map-tiles.route';
import { createBaseMapSnapshotsRoute } from './geography/base-map-snapshots.route';
import { BaseMapSnapshots } from './geography/base-map-snapshots.service';
import { StreetTileService } from './geography/street-tiles.service';
import { GeographyService } from './geography/geography.service';
import { createMapLibreWorkerRoute } from './geography/maplibre-worker.route';
import { needsSignIn } from './http/page-guard';
import { clientIp, sendError } from './http/request';
import { type HttpRoute, matchRoute } from './http/routes';
import { answerAfterNotices, type NoticesSettled } from './http/answer-after-notices';
import { applyPagePolicy, setSecurityHeaders } from './http/security-headers';
import { requireSignedIn, requireUserWithAny } from './http/session-user';
import { LightingService } from './lighting/lighting.service';
import { createOpen311Routes } from './open311/open311.route';
import { createPartnerRoutes } from './partners/partner-inbound.route';
import { PositionFeed } from './partners/position-feed';
import { SharedReads } from './shared-reads';
import { createIngestRoutes } from './units/ingest/ingest-routes';
import { deviceAlarmRaiser } from './units/ingest/device-alarms';
import { createUploadsRoute } from './uploads/uploads.route';
import { UploadStore } from './uploads/upload-store';
import { KnowledgeCollection } from './knowledge/collection.service';
import { KnowledgeInspections } from './knowledge/inspection.service';
import { KnowledgeService } from './knowledge/knowledge.service';
import { createKnowledgeTerminalRoutes } from './knowledge/terminal.route';
import { KnowledgeAttachments } from './knowledge/attachments.service';
import { createKnowledgeAttachmentsRoute } from './knowledge/attachments.route';
import { createFeaturesRoute } from './features/features.route';
import { FeaturesService } from './features/features.service';
import { createResourcesExportRoute } from './resources/resources-export.route';
import { ResourcesService } from './resources/resources.service';
import { createFacilityData } from './facility-import/facility-data';
import { createFacilityPushRoute } from './facility-import/facility-push.route';
import { OutsideClientsService } from './clients/outside-clients.service';
import { BackupSchedule } from './backup/backup-schedule';
import { backupDirOf } from './backup/backup-config';
import { createHealthRoute } from './health/health.route';
import { createOpsRoutes } from './ops/ops.routes';
import { gaugeFrom, httpRequestSeconds } from './ops/metrics';
import { pendingOutboxDepth } from './partners/partners.repository';
import { HttpDrain } from './ops/drain';
import { logFor, withRequestId } from './ops/log';
import { requestIdOf } from './http/request-id';

const log = logFor('http');
/** Static files are many and dull: their lines are written at debug level only. */
const QUIET_PATHS = /^\/(_next\/static|map\/(fonts|sprites|style))\//;

export type NextRequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface OneMapApp {
  services: AppServices;
  handleRequest(req: IncomingMessage, res: ServerResponse): void;
  /** Starts the live parts (Socket.IO, simulator, periodic jobs) on a created http.Server. */
  attach(server: Server): Promise<void>;
  /** Graceful stop, first half: not ready, sockets told to go, no new connections, requests in flight answered. */
  drain(server: Server, graceMs: number): Promise<{ cut: number; waitedMs: number }>;
  close(): Promise<void>;
}

export async function createApp(config: Env, database: DbHandle, nextHandler?: NextRequestHandler): Promise<OneMapApp> {
  const auth = new AuthService(database.db, {
    sessionTtlHours: config.SESSION_TTL_HOURS,
    maxAttempts: config.LOGIN_MAX_ATTEMPTS,
    windowSeconds: config.LOGIN_WINDOW_SECONDS,
  });
  // One clock for every service: tests that need to move time build the hubs themselves with a manual one.
  const clock = systemClock;
  const { db } = database;
  // Several processes may share a PostgreSQL: each periodic round runs in one of them (server/jobs/round-gate.ts).
  const rounds = roundsBehind(database.dialect === 'postgres' ? postgresRoundGate(db) : undefined);
  const live = await createLiveServices(config, database, clock);
  // Order notices go to the live screens (and assigned units' phones) through the same hub as positions; a new
  // 12345 order also looks for open alarms about the same place (one problem, one incident).
  let alarms: AlarmsHub | null = null;
  // The reads every wall asks for are computed once per interval and served to all (the event loop stays the frames').
  const sharedReads = new SharedReads({ ttlMs: config.SHARED_READ_MS });
  const dispatchHub = createDispatchHub({
    db,
    clock,
    publish: (notice) => {
      // A changed order makes every kept order list and the leaders' figures stale at once, so no one reads back
      // what they saw before their change.
      sharedReads.forget('orders.');
      sharedReads.forget('summary.');
      live.liveHub.orderNotice(notice);
      if (notice.type === 'order:changed' && notice.action === 'create') {
        alarms?.alarms.linkArrivedOrder(notice.orderId).catch((error: unknown) => logFor('alarms').error('incident link failed', error));
      }
    },
  });
  alarms = createAlarmsHub({ db, clock, intake: dispatchHub.intake, publish: (notice) => live.liveHub.alarmNotice(notice) });
  const cockpit = createCockpitServices({ db, clock, orders: dispatchHub.orders });
  const lighting = new LightingService({ db, clock, orders: dispatchHub.orders });
  const knowledge = new KnowledgeService({ db, clock });
  // The one store of uploaded files (content-addressed under DATA_DIR/uploads), shared by every feature that keeps files.
  const uploadStore = new UploadStore(join(config.DATA_DIR, 'uploads'));
  const services: AppServices = {
    config,
    db,
    dialect: database.dialect,
    auth,
    accounts: new AccountsService(db, auth),
    auditLog: new AuditLogService(db, auth),
    dispatchHub,
    alarms,
    cockpit,
    lighting,
    sharedReads,
    knowledge,
    knowledgeCollection: new KnowledgeCollection({ db, knowledge }),
    knowledgeAttachments: new KnowledgeAttachments({ db, clock, store: uploadStore }),
    knowledgeInspections: new KnowledgeInspections({ db, clock, knowledge }),
    outsideClients: new OutsideClientsService({ db, clock }),
    // 清费云 (issue 12)
    fees: createFeesHub({
      db,
      clock,
      reminders: { renewalDays: config.FEE_RENEWAL_REMINDER_DAYS, paymentDays: config.FEE_PAYMENT_REMINDER_DAYS },
    }),
    // 服务结算 (issue 17): derived workloads are read through the owning features' services.
    settlement: createSettlementHub({ db, clock, sources: { orders: dispatchHub.orders, knowledge, voice: dispatchHub.voice } }),
    // Demo mode: the bank's side of a payment, simulated, notifying this server over HTTP as a real bank would.
    simulatedBank: config.DEMO_MODE ? new SimulatedBank({ db, clock, baseUrl: ownBaseUrl(config) }) : undefined,
    // 数据采集/数据处理 (issue 15): a change to facilities drops the kept map layers and KPIs at once.
    facilityData: createFacilityData({ db, clock, onChange: () => sharedReads.forget('map.') }),
    phoneCodes: new PhoneCodes({ db, auth, sms: new SimulatedSmsGateway({ db, clock }), clock, demoMode: config.DEMO_MODE }),
    ...live,
  };
  // Backups (issue 21): every BACKUP_INTERVAL a set in BACKUP_DIR, made by the running database (see server/backup).
  services.backups = new BackupSchedule({
    handle: database,
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    backupDir: backupDirOf(config),
    intervalMs: config.BACKUP_INTERVAL,
    keep: config.BACKUP_KEEP,
    clock,
    rounds,
  });

  // Each raw HTTP route is given only what it uses.
  const requireUser = (req: IncomingMessage, permissions: readonly Permission[]) => requireUserWithAny(req, services.auth, permissions);
  // Refused devices and partner signatures are audited with the caller's address (behind TRUST_PROXY's proxies).
  const auditCallerRefusal = callerRefusalAuditor(db, (req) => clientIp(req, config.TRUST_PROXY));
  const routes: HttpRoute[] = withAnswersAfterNotices(live.noticeJournal, [
    createMapDataRoute({ geography: new GeographyService(db), requireUser }),
    createMapTilesRoute({ tiles: new StreetTileService(db, database.dialect), requireUser }),
    createBaseMapSnapshotsRoute({
      snapshots: new BaseMapSnapshots({ db, clock }),
      requireUser,
      publicOrigin: config.PUBLIC_ORIGIN ?? null,
    }),
    createMapLibreWorkerRoute(),
    ...createIngestRoutes(live.liveUnits, { auditRefusal: auditCallerRefusal, raiseDeviceAlarm: deviceAlarmRaiser(alarms.alarms) }),
    createAlarmIngestRoute({ units: live.liveUnits, alarms: alarms.alarms, auditRefusal: auditCallerRefusal }),
    ...createPartnerRoutes({ db, clock, intake: dispatchHub.intake, auditRefusal: auditCallerRefusal }),
    ...createOpen311Routes({ open311: dispatchHub.open311, clock, uploads: uploadStore }),
    createUploadsRoute({ dataDir: config.DATA_DIR, requireUser }),
    createHazardLedgerRoute({ hazards: cockpit.hazards, clock, requireUser }),
    ...createKnowledgeTerminalRoutes({
      knowledge: services.knowledge,
      attachments: services.knowledgeAttachments,
      clients: services.outsideClients,
    }),
    createKnowledgeAttachmentsRoute({
      attachments: services.knowledgeAttachments,
      requireUser,
      requireSignedIn: (req) => requireSignedIn(req, services.auth),
      publicOrigin: config.PUBLIC_ORIGIN ?? null,
    }),
    // OGC API – Features over every facility layer (issue 15)
    createFeaturesRoute({
      features: new FeaturesService({ db, now: () => clock.now() }),
      clients: services.outsideClients,
      requireUser,
      publicOrigin: config.PUBLIC_ORIGIN ?? null,
    }),
    createResourcesExportRoute({ resources: new ResourcesService(db), requireUser }),
    // 清费云 (issue 12)
    createContractPdfRoute({ fees: services.fees.fees, requireUser }),
    ...createFeeNotifyRoutes(services.fees),
    createInvoiceFileRoute({ invoices: services.fees.invoices, requireUser }),
    createStatisticsXlsxRoute({ billing: services.fees.billing, requireUser }),
    // 服务结算 (issue 17)
    createStatementFileRoute({ settlement: services.settlement.settlement, requireUser }),
    createFacilityPushRoute({ imports: services.facilityData.imports, clients: services.outsideClients }),
    createHealthRoute({ db, dialect: database.dialect, clock, backupStatus: () => services.backups!.status() }),
    // Probes and the Prometheus scraper (issue 22)
    ...createOpsRoutes({ db, metricsToken: config.METRICS_TOKEN, cluster: live.cluster }),
  ]);
  gaugeFrom('onemap_socket_clients', 'Socket.IO clients connected to this process', () => live.liveHub.clientCount());
  if (live.cluster)
    gaugeFrom('onemap_redis_up', 'Whether Redis joins this process to the others (1) or it serves alone (0)', () =>
      live.cluster!.isUp() ? 1 : 0,
    );
  gaugeFrom('onemap_partner_outbox_depth', 'Messages waiting in the partner outboxes', () => pendingOutboxDepth(db));
  const trpc = createTrpcHandler(services);
  const drain = new HttpDrain();
  let closeSockets: (() => Promise<void>) | null = null;
  const stops: Array<() => Promise<void> | void> = [];

  async function redirectUnlessSignedIn(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const user = await auth.userForToken(readCookie(req.headers.cookie, SESSION_COOKIE));
    if (user) return false;
    res.writeHead(302, { location: `/login?next=${encodeURIComponent(url.pathname + url.search)}` }).end();
    return true;
  }

  function handleRequest(req: IncomingMessage, res: ServerResponse) {
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    drain.track(res);
    withRequestId(requestId, () => route(req, res, requestId));
  }

  function route(req: IncomingMessage, res: ServerResponse, requestId: string) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    setSecurityHeaders(res, { secure: config.SECURE_COOKIES });
    const route = url.pathname.startsWith(`${TRPC_PREFIX}/`) ? null : matchRoute(routes, url.pathname);
    // Timed by route class, never by raw path (unbounded label values would grow the metrics without limit).
    const timer = httpRequestSeconds.startTimer({
      route: route ? route.prefix : url.pathname.startsWith(`${TRPC_PREFIX}/`) ? 'trpc' : 'page',
      method: req.method ?? 'GET',
    });
    res.once('finish', () => {
      const seconds = timer({ status: String(res.statusCode) });
      // The path without its query: queries can carry tokens and personal data.
      const line = { requestId, method: req.method, path: url.pathname, status: res.statusCode, ms: Math.round(seconds * 1000) };
      if (QUIET_PATHS.test(url.pathname)) log.debug('request', line);
      else log.info('request', line);
    });
    if (url.pathname.startsWith(`${TRPC_PREFIX}/`)) {
      trpc(req, res);
      return;
    }
    if (route) {
      route.handle(req, res, url).catch((error: unknown) => sendError(res, error));
      return;
    }
    if (nextHandler) {
      applyPagePolicy(req, res, { dev: config.NODE_ENV === 'development' });
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
      const started = startLive(server, live, auth, config.PUBLIC_ORIGIN ?? null, rounds);
      closeSockets = started.closeSockets;
      stops.push(...started.stops);
      stops.push(startDispatchJobs(dispatchHub, undefined, rounds));
      if (config.DEMO_MODE) {
        // 清费云's bank refund desk and 数电票 platform, simulated (no bank or tax platform can be reached from here).
        const counterparties = new FeeCounterparties({ db, clock, deliveries: dispatchHub.partnerDeliveries, baseUrl: ownBaseUrl(config) });
        logFor('fees').info(
          `demo mode: simulated fee counterparties linked: ${(await counterparties.start()).join(', ') || 'none (real ones configured)'}`,
        );
        stops.push(() => counterparties.stop());
      }
      // Every two seconds, the one delivery round of the partner outbox: order reports, positions, refunds and invoice
      // requests (a payer waits for the invoice of a payment just made).
      stops.push(rounds('partner-outbox', 2_000, async () => void (await dispatchHub.partnerDeliveries.deliverDue())));
      stops.push(services.backups!.start());
      // Hourly: audit entries past the retention period go (the database refuses younger ones), old sign-in counters too.
      stops.push(
        rounds(
          'retention',
          3600_000,
          async () => {
            await pruneAudit(db);
            await auth.limits.sweep();
          },
          { runNow: true },
        ),
      );
      // Hourly: knowledge entries past their valid-until day leave search (issue 13).
      stops.push(rounds('knowledge-expiry', 3600_000, async () => void (await services.knowledge.takedownExpired()), { runNow: true }));
      // Hourly: 检查更新 tasks for entries whose inspection cycle has come round, and overdue ones chased (daily).
      stops.push(
        rounds('knowledge-inspections', 3600_000, async () => void (await services.knowledgeInspections.runRound()), { runNow: true }),
      );
      // Every ten minutes: 清费云's renewal and payment reminders join the voice-call queue (the dispatch jobs place them).
      stops.push(rounds('fee-reminders', 600_000, async () => void (await services.fees.reminders.plan()), { runNow: true }));
      // Unit positions to 区城运 whenever that link is configured (the demonstration's simulated one included).
      stops.push(new PositionFeed({ db, clock, units: () => live.liveUnits.snapshot().units }).start());
      const simulations = await startSimulations({
        config,
        db,
        rounds,
        clock,
        live,
        alarms: services.alarms.alarms,
        cockpit,
        partnerDeliveries: dispatchHub.partnerDeliveries,
      });
      services.demoPlatforms = simulations.demoPlatforms;
      stops.push(...simulations.stops);
    },
    async drain(server: Server, graceMs: number) {
      // Walls reconnect at once (behind nginx, to another process) instead of waiting out the grace period.
      await closeSockets?.();
      return drain.drain(server, graceMs);
    },
    async close() {
      for (const stop of stops.reverse()) await stop();
      // Notices already committed reach the journal before the database goes (a screen reads them on reconnecting).
      await live.noticeJournal.flushed();
      await database.close();
    },
  };
}

/** Every raw route that writes answers once its live notices are journaled (server/http/answer-after-notices.ts). */
function withAnswersAfterNotices(journal: NoticesSettled, routes: HttpRoute[]): HttpRoute[] {
  return routes.map((route) => answerAfterNotices(route, journal));
}
