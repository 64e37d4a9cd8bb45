/**
 * `npm run db:migrate | db:seed | db:reset` against the configured database (DATABASE_URL, else the embedded one
 * in DATA_DIR). `db:seed` is deterministic: the same database every time.
 * `npm run db:seed -- --tickets 1000000` also writes a synthetic 12345 history of that many tickets (three years
 * ending today), replacing the synthetic history already there (imported tickets are kept).
 * `npm run db:basemap` (re)writes the seeded street-level base map (water, sites, signals, approximate streets) into
 * a database seeded before it existed; imported street and building layers stay.
 */
import { rmSync } from 'node:fs';
import { env } from '@/server/env';
import { connectDatabase } from '@/db/connect';
import { dropPublicSchema, migrateToLatest } from '@/db/migrate';
import { seedDatabase } from '@/db/seed';
import { writeStreetContext } from '@/db/seed/basemap';
import { buildSeedContext } from '@/db/seed/context';
import { generateHistory } from '@/server/sim/hotline-history';
import { deleteSyntheticTickets } from '@/server/hotline/tickets.repository';
import { shanghaiDay } from '@/domain/shanghai-time';

async function main(command: string | undefined) {
  const config = env();
  if (command === 'reset' && !config.DATABASE_URL) rmSync(config.DATA_DIR, { recursive: true, force: true });
  const handle = await connectDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    if (command === 'reset' && config.DATABASE_URL) {
      await dropPublicSchema(handle.db);
    }
    if (command === 'migrate' || command === 'reset' || command === 'seed' || command === 'basemap') {
      const applied = await migrateToLatest(handle.db);
      console.log(applied.length ? `migrated: ${applied.join(', ')}` : 'schema up to date');
    }
    if (command === 'seed' || command === 'reset') {
      const summary = await seedDatabase(handle.db);
      console.log(`seeded: ${JSON.stringify(summary)}`);
      const at = process.argv.indexOf('--tickets');
      if (at > 0) {
        const count = Number(process.argv[at + 1]);
        if (!Number.isInteger(count) || count <= 0) throw new Error('--tickets needs a whole number, e.g. --tickets 1000000');
        const removed = await deleteSyntheticTickets(handle.db);
        if (removed) console.log(`removed the previous synthetic 12345 history (${removed} tickets)`);
        const now = new Date();
        const result = await generateHistory(handle.db, { count, endDay: shanghaiDay(now), now });
        console.log(`12345 history: ${result.tickets} tickets in ${result.ms} ms`);
      }
    }
    if (command === 'basemap') {
      const counts = await handle.db.transaction().execute((trx) => writeStreetContext(trx, buildSeedContext()));
      console.log(`street-level base map: ${JSON.stringify(counts)}`);
    }
    if (!['migrate', 'seed', 'reset', 'basemap'].includes(command ?? '')) {
      throw new Error('usage: tsx server/db-cli.ts migrate|seed|reset|basemap');
    }
  } finally {
    await handle.close();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
