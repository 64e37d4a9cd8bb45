/**
 * The real services of a OneMap server over a test database, built by the same composition as production
 * (server/app.ts), with the simulator off and nothing listening. The database stays open: drop() closes it.
 */
import { createApp } from '@/server/app';
import type { AppServices } from '@/server/app-services';
import { parseEnv } from '@/server/env';
import type { TestDatabase } from './databases';

export async function servicesFor(database: TestDatabase, env: Record<string, string> = {}): Promise<AppServices> {
  // SHARED_READ_MS 0: a test reads its own writes at once; the interval itself is tested in server/shared-reads.test.ts.
  const app = await createApp(parseEnv({ SIMULATOR: 'off', NODE_ENV: 'test', SHARED_READ_MS: '0', ...env }), {
    ...database,
    close: async () => undefined,
  });
  return app.services;
}
