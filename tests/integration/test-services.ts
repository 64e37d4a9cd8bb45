/**
 * The real services of a OneMap server over a test database, built by the same composition as production
 * (server/app.ts), with the simulator off and nothing listening. The database stays open: drop() closes it.
 */
import { createApp } from '@/server/app';
import type { AppServices } from '@/server/app-services';
import { parseEnv } from '@/server/env';
import type { TestDatabase } from './databases';

export async function servicesFor(database: TestDatabase, env: Record<string, string> = {}): Promise<AppServices> {
  const app = await createApp(parseEnv({ SIMULATOR: 'off', NODE_ENV: 'test', ...env }), { ...database, close: async () => undefined });
  return app.services;
}
