/**
 * Fresh, migrated databases for integration tests, in both dialects. Every call gets its own database:
 * an in-memory PGlite, or a new database on the PostgreSQL server named by TEST_DATABASE_URL (which the test
 * command starts for you), each a copy of a migrated template (migrated-templates.ts). A missing server is an error, never a skip: both dialects must always run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { connectDatabase, type DbHandle, type DialectName } from '@/db/connect';
import { createDataDirFromDump } from '@/db/restore-data-dir';
import { databaseUrlOn, migratedEmbeddedTemplate, migratedPostgresTemplate, waitForSessionsToEnd } from './migrated-templates';

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
  /**
   * Embedded: keep the database in a temporary folder on disk, run by its owner thread as the server runs it, instead
   * of in memory (benchmarks larger than RAM would hold; backups, which copy the folder).
   */
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
    const template = await migratedEmbeddedTemplate();
    // Either way the database starts as a copy of the migrated template (migrated-templates.ts); a folder one is
    // opened by its owner thread, as the server opens it.
    let dir: string | null = null;
    let handle: DbHandle;
    if (options.onDisk) {
      dir = join(mkdtempSync(join(tmpdir(), 'onemap-test-db-')), 'data');
      await createDataDirFromDump(dir, new Uint8Array(await template.arrayBuffer()));
      handle = await connectDatabase({ dataDir: dir });
    } else {
      handle = await connectDatabase({ dataDir: 'memory://', loadDataDir: template });
    }
    return {
      ...handle,
      async drop() {
        await handle.close();
        if (dir) rmSync(dirname(dir), { recursive: true, force: true });
      },
    };
  }
  const serverUrl = serverUrlOf(options);
  const admin = await connectDatabase({ databaseUrl: serverUrl, poolSize: 1 });
  const template = await migratedPostgresTemplate(admin.db, serverUrl);
  const name = `onemap_test_${randomBytes(6).toString('hex')}`;
  await sql`CREATE DATABASE ${sql.id(name)} TEMPLATE ${sql.id(template)}`.execute(admin.db);
  const databaseUrl = databaseUrlOn(serverUrl, name);
  const handle = await connectDatabase({ databaseUrl, poolSize: options.poolSize });
  return {
    ...handle,
    databaseUrl,
    async drop() {
      await handle.close();
      await waitForSessionsToEnd(admin.db, name);
      await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
      await admin.close();
    },
  };
}
