/**
 * Fresh, migrated databases for integration tests, in both dialects. Every call gets its own database:
 * an in-memory PGlite, or a new database on the PostgreSQL server named by TEST_DATABASE_URL (which the test
 * command starts for you). A missing server is an error, never a skip: both dialects must always run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { connectDatabase, type DbHandle, type DialectName } from '@/db/connect';
import { migrateToLatest } from '@/db/migrate';

export const dialects: DialectName[] = ['embedded', 'postgres'];

export interface TestDatabase extends DbHandle {
  /** Closes the connection and removes the database. */
  drop(): Promise<void>;
  /** PostgreSQL: the database's own URL (for tools that connect themselves, e.g. pg_dump). */
  databaseUrl?: string;
}

export interface FreshDatabaseOptions {
  /** The PostgreSQL server to create the database on; default TEST_DATABASE_URL. */
  serverUrl?: string;
  poolSize?: number;
  /** Embedded: keep the database in a temporary directory on disk instead of memory (benchmarks larger than RAM would hold). */
  onDisk?: boolean;
}

function serverUrlOf(options: FreshDatabaseOptions): string {
  const url = options.serverUrl ?? process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test`, which starts a throw-away PostgreSQL');
  return url;
}

/** Used by the integration tests and the benchmarks alike. */
export async function freshDatabase(dialect: DialectName, options: FreshDatabaseOptions = {}): Promise<TestDatabase> {
  if (dialect === 'embedded') {
    const dir = options.onDisk ? mkdtempSync(join(tmpdir(), 'onemap-bench-db-')) : null;
    const handle = await connectDatabase({ dataDir: dir ?? 'memory://' });
    await migrateToLatest(handle.db);
    return {
      ...handle,
      async drop() {
        await handle.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const serverUrl = serverUrlOf(options);
  const admin = await connectDatabase({ databaseUrl: serverUrl, poolSize: 1 });
  const name = `onemap_test_${randomBytes(6).toString('hex')}`;
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await connectDatabase({ databaseUrl: url.toString(), poolSize: options.poolSize });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    databaseUrl: url.toString(),
    async drop() {
      await handle.close();
      // pg-pool's end() resolves before its sockets have closed; forcing the drop then would kill a closing
      // connection and surface as an unhandled error. Wait (briefly) for the sessions to go on their own.
      for (let i = 0; i < 50; i++) {
        const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ${name}`.execute(
          admin.db,
        );
        if (rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
      await admin.close();
    },
  };
}
