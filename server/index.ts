/**
 * The one OneMap process: Next.js pages, tRPC, Socket.IO and the ingest routes on one port.
 * `npm start` runs it; configuration comes from server/env.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import next from 'next';
import { createApp } from './app';
import { createDemoAccounts } from './auth/demo-accounts';
import { HISTORY_DAYS, seedOrderHistory } from './sim/order-history';
import { seedFees } from './sim/fees-seed';
import { seedSettlement } from './sim/settlement-seed';
import { seedFeeMoney } from './sim/fee-money-seed';
import { installSimulatedGateway } from './fees/simulated-bank';
import { openDatabase } from './database';
import { env } from './env';
import { configureLogging, logFor } from './ops/log';

const log = logFor('onemap');

/** Resolves once listening; rejects (EADDRINUSE, EACCES…) when the port cannot be had. */
function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function main() {
  const config = env();
  configureLogging({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const dev = config.NODE_ENV === 'development';
  const started = performance.now();

  // The port first, the database after: a process that cannot listen (a double start, a restart while the old
  // process lingers) stops before it opens, migrates or writes anything. Until the app is ready, requests get 503.
  let handleRequest: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503, { 'retry-after': '5' }).end();
  };
  const server = createServer((req, res) => handleRequest(req, res));
  try {
    await listen(server, config.PORT, config.HOST);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    log.error(
      `cannot listen on ${config.HOST}:${config.PORT}${code === 'EADDRINUSE' ? ': the port is in use (is OneMap already running?)' : `: ${code ?? error}`}; stopping without opening the database`,
    );
    process.exit(1);
  }

  const { handle, timings } = await openDatabase(config);
  const where = config.DATABASE_URL ? 'PostgreSQL server' : `embedded PGlite in ${config.DATA_DIR}`;
  log.info(
    `database: ${where}; opened ${Math.round(timings.openMs)} ms, migrated ${Math.round(timings.migrateMs)} ms` +
      (timings.seeded ? `, seeded Changning ${Math.round(timings.seedMs)} ms` : ', already seeded') +
      (timings.hotlineMs !== null ? `, 12345 history ${Math.round(timings.hotlineMs)} ms` : ''),
  );

  const nextApp = next({ dev, hostname: 'localhost', port: config.PORT });
  await nextApp.prepare();
  const nextHandler = nextApp.getRequestHandler();

  const app = await createApp(config, handle, (req, res) => nextHandler(req, res));

  if (config.DEMO_MODE) {
    const file = await createDemoAccounts(handle.db, app.services.auth, config.DATA_DIR);
    if (file) log.info(`demo mode: demo accounts created; their passwords are in ${file}`);
    else log.info(`demo mode: accounts exist; demo passwords (if created here) are in ${config.DATA_DIR}/demo-accounts.txt`);
    // 清费云's demonstration year, linked to the payer and collector demo accounts: once, into empty fee tables.
    if (await seedFees(handle.db, new Date())) log.info('demo mode: 清费云 demonstration data written (synthetic)');
    // …and last month's bank statement (with planted mismatches) and the latest invoices: once.
    await seedFeeMoney(handle.db, new Date());
    await installSimulatedGateway(handle.db);
    // 服务结算's two contracts of the 2026 service year, linked to the supplier demo accounts: once, into empty tables.
    if (await seedSettlement(handle.db, new Date())) log.info('demo mode: 服务结算 demonstration data written (synthetic)');
    // Four weeks of finished and cancelled orders before today, so the leaders' trend is not flat: once.
    const history = await seedOrderHistory(handle.db, new Date(), config.SIMULATOR_SEED);
    if (history) log.info(`demo mode: ${history} orders of the last ${HISTORY_DAYS} days written (synthetic)`);
  }

  handleRequest = app.handleRequest;
  await app.attach(server);
  log.info(
    `ready on http://localhost:${config.PORT} in ${Math.round(performance.now() - started)} ms (simulator ${config.SIMULATOR ? 'on' : 'off'})`,
  );

  // A stop drains first (server/ops/drain.ts); a second signal stops at once.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      log.warn(`${signal} again: stopping without waiting`);
      process.exit(1);
    }
    stopping = true;
    log.info(`${signal}: draining (up to ${config.SHUTDOWN_GRACE_SECONDS} s for requests in flight)`);
    const { cut, waitedMs } = await app.drain(server, config.SHUTDOWN_GRACE_SECONDS * 1000);
    if (cut > 0) log.warn(`${cut} requests still running after the grace period were cut`, { waitedMs });
    await app.close();
    log.info('stopped: jobs ended, positions and writes flushed, database closed', { waitedMs });
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  log.error('failed to start', error);
  process.exit(1);
});
