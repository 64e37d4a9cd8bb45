/**
 * The server side of the wall-under-load benchmark, in its own process: the Changning seed, the real composition
 * (server/app.ts, without Next.js) listening on a random port with the simulator moving the units, 1,000 orders,
 * and one signed-in duty officer. Designs, by argv[2]:
 *   owner    the product: embedded database in its owner thread, shared reads
 *   today    the design before: embedded database on the main thread, every read computed for its asker
 *   postgres the product on PostgreSQL (argv[3]: the database URL)
 * Prints one JSON line {port, cookie} when ready; stops on SIGTERM.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectDatabase } from '@/db/connect';
import { migrateToLatest } from '@/db/migrate';
import { seedDatabase } from '@/db/seed';
import { createApp } from '@/server/app';
import { SESSION_COOKIE } from '@/server/auth/auth.service';
import { parseEnv } from '@/server/env';
import type { SharedReads } from '@/server/shared-reads';

const design = process.argv[2] as 'owner' | 'today' | 'postgres';
const dataDir = process.argv[3];

async function main() {
  const handle =
    design === 'postgres'
      ? await connectDatabase({ databaseUrl: dataDir })
      : await connectDatabase({ dataDir, inThread: design === 'today' });
  await migrateToLatest(handle.db);
  await seedDatabase(handle.db);
  const config = parseEnv({
    NODE_ENV: 'production',
    SIMULATOR: 'on',
    PARTNER_SIMULATOR: 'off',
    DEMO_MODE: 'off',
    DATA_DIR: '/tmp/onemap-wall-load-uploads',
    HOST: '127.0.0.1',
  });
  const app = await createApp(config, handle);
  // Today's design computed every read for its asker.
  if (design === 'today')
    app.services.sharedReads = { read: (_key: string, compute: () => Promise<unknown>) => compute() } as unknown as SharedReads;
  const { auth, dispatchHub } = app.services;
  await auth.createUser({ username: 'wall', displayName: 'wall', role: 'duty_officer', password: 'wall-bench-password-1' });
  const { token } = await auth.signIn('wall', 'wall-bench-password-1', null);
  const category = (await dispatchHub.orders.categories())[0]?.code ?? null;
  const actor = { userId: null, name: 'bench', role: 'system' as const, unitId: null };
  for (let i = 0; i < 1000; i++) {
    await dispatchHub.orders.create(
      {
        source: 'city_ops',
        categoryCode: category,
        priority: 3,
        description: `压力测试工单 ${i}`,
        location: [121.4 + (i % 50) * 0.001, 31.21 + Math.floor(i / 50) * 0.001],
      },
      actor,
    );
  }
  const server = createServer(app.handleRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await app.attach(server);
  console.log(JSON.stringify({ port: (server.address() as AddressInfo).port, cookie: `${SESSION_COOKIE}=${token}` }));
  process.once('SIGTERM', () => {
    server.close();
    void app.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
