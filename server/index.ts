/**
 * The one OneMap process: Next.js pages, tRPC, Socket.IO and the ingest routes on one port.
 * `npm start` runs it; configuration comes from server/env.ts.
 */
import { createServer } from 'node:http';
import next from 'next';
import { createApp } from './app';
import { createDemoAccounts } from './auth/demo-accounts';
import { openDatabase } from './database';
import { env } from './env';

async function main() {
  const config = env();
  const dev = config.NODE_ENV === 'development';
  const started = performance.now();

  const { handle, timings } = await openDatabase(config);
  const where = config.DATABASE_URL ? 'PostgreSQL server' : `embedded PGlite in ${config.DATA_DIR}`;
  console.log(
    `[onemap] database: ${where}; opened ${Math.round(timings.openMs)} ms, migrated ${Math.round(timings.migrateMs)} ms` +
      (timings.seeded ? `, seeded Changning ${Math.round(timings.seedMs)} ms` : ', already seeded') +
      (timings.hotlineMs !== null ? `, 12345 history ${Math.round(timings.hotlineMs)} ms` : ''),
  );

  const nextApp = next({ dev, hostname: 'localhost', port: config.PORT });
  await nextApp.prepare();
  const nextHandler = nextApp.getRequestHandler();

  const app = await createApp(config, handle, (req, res) => nextHandler(req, res));

  if (config.DEMO_MODE) {
    const file = await createDemoAccounts(handle.db, app.services.auth, config.DATA_DIR);
    if (file) console.log(`[onemap] demo mode: demo accounts created; their passwords are in ${file}`);
    else console.log(`[onemap] demo mode: accounts exist; demo passwords (if created here) are in ${config.DATA_DIR}/demo-accounts.txt`);
  }

  const server = createServer(app.handleRequest);
  await app.attach(server);
  server.listen(config.PORT, config.HOST, () => {
    console.log(`[onemap] ready on http://localhost:${config.PORT} in ${Math.round(performance.now() - started)} ms (simulator ${config.SIMULATOR ? 'on' : 'off'})`);
  });

  const shutdown = async (signal: string) => {
    console.log(`[onemap] ${signal}: shutting down`);
    server.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('[onemap] failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
