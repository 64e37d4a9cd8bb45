/** One process start of the embedded database in a given folder: open, migrate, seed; prints timings as JSON. */
import { openDatabase } from '@/server/database';
import { parseEnv } from '@/server/env';

async function main() {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: tsx bench/db-startup-child.ts DATA_DIR');
  const t0 = performance.now();
  const { handle, timings } = await openDatabase(parseEnv({ DATA_DIR: dataDir }));
  const totalMs = performance.now() - t0;
  await handle.close();
  console.log(JSON.stringify({ ...timings, totalMs, rssMb: process.memoryUsage().rss / 1e6 }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
