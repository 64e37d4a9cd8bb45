/**
 * Opens the database chosen by configuration: an embedded PGlite with PostGIS persisted in a folder (the default,
 * so the product runs on a bare machine), or a PostgreSQL server with PostGIS through node-postgres.
 * Both are driven by Kysely's PostgresDialect, so every query and migration is written once.
 * An embedded database in a folder runs in its owner thread (`pglite-owner.ts`) under the folder's lock
 * (`data-dir-lock.ts`); an in-memory one (tests) stays on the calling thread, where it opens faster.
 */
import { mkdirSync } from 'node:fs';
import { Kysely, type KyselyConfig, PostgresDialect } from 'kysely';
import type { Database } from './schema';
import { lockDataDir } from './data-dir-lock';
import { startPgliteOwner } from './pglite-owner';
import { pglitePool } from './pglite-pool';
import { preparingPool } from './prepared';

export type DialectName = 'embedded' | 'postgres';

export interface DbHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
  /**
   * Embedded on the calling thread only (in memory: the tests' migrated template): a tarball of the data folder
   * (PGlite's dumpDataDir), gzipped unless asked otherwise.
   */
  dumpDataDir?(options?: { compression?: 'gzip' | 'none' }): Promise<Uint8Array>;
  /**
   * Embedded in a folder only: a consistent copy of the data folder into `target` (which must not exist), without the
   * top-level `excluded` names, taken while running (checkpoint, then the files; pglite-worker.ts). Far faster than
   * the dump; the backup uses it.
   */
  copyDataDir?(target: string, excluded: readonly string[]): Promise<void>;
}

export interface ConnectOptions {
  /** postgres://… for a server; undefined for the embedded database. */
  databaseUrl?: string;
  /** Folder of the embedded database; 'memory://' keeps it in memory (tests). */
  dataDir?: string;
  poolSize?: number;
  /** Run a folder database on the calling thread, as before the owner thread (the benchmark's side-by-side only). */
  inThread?: boolean;
  /**
   * In memory only: start from this tarball of a data folder (PGlite's dumpDataDir) instead of an empty cluster —
   * skips initdb and the migrations it holds (the integration tests' migrated template).
   */
  loadDataDir?: Blob;
  /** Told of every query's duration and whether it failed (the server's metrics); nothing by default. */
  onQuery?(durationMs: number, failed: boolean): void;
  /**
   * PostgreSQL: a pooled connection was lost (the server restarted, a session was terminated). The pool replaces it
   * by itself; without this the lost connection is dropped silently.
   */
  onConnectionLost?(error: Error): void;
}

// int8 (counts, bigserial ids) and numeric come back as numbers in both dialects; the values we store fit safely.
const INT8 = 20;
const NUMERIC = 1700;

/** Kysely's query log, feeding `onQuery` when given. */
function queryLog(options: ConnectOptions): Pick<KyselyConfig, 'log'> {
  const { onQuery } = options;
  return onQuery ? { log: (event) => onQuery(event.queryDurationMillis, event.level === 'error') } : {};
}

export async function connectDatabase(options: ConnectOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const pg = await import('pg');
    const types = pg.default.types;
    types.setTypeParser(INT8, (v: string) => Number(v));
    types.setTypeParser(NUMERIC, (v: string) => Number(v));
    const pool = new pg.default.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // A connection lost while idle in the pool (or held between queries) must not take the process down with it.
    const onLost = options.onConnectionLost ?? (() => undefined);
    pool.on('error', onLost);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool, onLost) }), ...queryLog(options) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }

  const dataDir = options.dataDir ?? '.data';
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory && !options.inThread) {
    mkdirSync(dataDir, { recursive: true });
    const unlock = lockDataDir(dataDir);
    const owner = await startPgliteOwner(dataDir).catch((error: unknown) => {
      unlock();
      throw error;
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pglitePool(owner) }), ...queryLog(options) });
    return {
      db,
      dialect: 'embedded',
      copyDataDir: (target, excluded) => owner.copyDataDir!(target, excluded),
      async close() {
        try {
          await db.destroy();
          await owner.close();
        } finally {
          unlock();
        }
      },
    };
  }

  const { PGlite } = await import('@electric-sql/pglite');
  const { postgis } = await import('@electric-sql/pglite-postgis');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const unlock = inMemory ? () => undefined : lockDataDir(dataDir);
  const pg = await PGlite.create(inMemory ? undefined : dataDir, {
    extensions: { postgis },
    ...(inMemory && options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers: { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => Number(v) },
  }).catch((error: unknown) => {
    unlock();
    throw error;
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pglitePool(pg) }), ...queryLog(options) });
  return {
    db,
    dialect: 'embedded',
    dumpDataDir: async ({ compression = 'gzip' } = {}) => new Uint8Array(await (await pg.dumpDataDir(compression)).arrayBuffer()),
    async close() {
      try {
        await db.destroy();
        await pg.close();
      } finally {
        unlock();
      }
    },
  };
}
