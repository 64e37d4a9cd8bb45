/**
 * Migrated templates that every test database starts from, in both dialects, so the migrations run once per
 * change of them instead of once per test file:
 * - embedded: a tarball of a migrated PGlite data folder. An empty PGlite cluster costs initdb, CREATE EXTENSION
 *   postgis and every migration (≈ 20 s on the 2-core CI machine, most of the integration suite's time); loading
 *   the migrated folder costs a fraction of that. It lives in the system's temporary folder, written under a
 *   temporary name and renamed, so a worker never reads half a file (two workers starting together may both build it).
 * - PostgreSQL: a migrated database on the test server, copied by CREATE DATABASE … TEMPLATE; built under an
 *   advisory lock by the first worker and renamed into place only when complete.
 * Both are named by a hash of the migrations' source and the embedded PostgreSQL's build: a changed migration makes new ones.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { connectDatabase } from '@/db/connect';
import { migrateToLatest } from '@/db/migrate';
import type { Database } from '@/db/schema';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The advisory lock under which one worker builds the PostgreSQL template (any fixed number of our own). */
const TEMPLATE_LOCK = 7_320_001;

/** What a migrated database depends on: the migrations, their runner and the embedded PostgreSQL's build. */
function templateKey(): string {
  const hash = createHash('sha256');
  const migrations = join(ROOT, 'db', 'migrations');
  for (const file of readdirSync(migrations).sort()) hash.update(file).update(readFileSync(join(migrations, file)));
  hash.update(readFileSync(join(ROOT, 'db', 'migrate.ts')));
  for (const pkg of ['pglite', 'pglite-postgis'])
    hash.update(readFileSync(join(ROOT, 'node_modules', '@electric-sql', pkg, 'package.json')));
  return hash.digest('hex').slice(0, 16);
}

let embeddedTemplate: Promise<Blob> | null = null;

/** The migrated embedded data folder as a tarball, built once per set of migrations. */
export function migratedEmbeddedTemplate(): Promise<Blob> {
  embeddedTemplate ??= (async () => {
    const path = join(tmpdir(), `onemap-test-template-${templateKey()}.tar`);
    if (!existsSync(path)) {
      const handle = await connectDatabase({ dataDir: 'memory://' });
      try {
        await migrateToLatest(handle.db);
        // Written to disk first: a copy taken otherwise starts with crash recovery, which moves every sequence on by
        // the 32 values PostgreSQL logs ahead (a test expecting the first rules version 2 would see 34).
        await sql`CHECKPOINT`.execute(handle.db);
        const partial = `${path}.${process.pid}.partial`;
        writeFileSync(partial, await handle.dumpDataDir!({ compression: 'none' }));
        renameSync(partial, path);
      } finally {
        await handle.close();
      }
    }
    return new Blob([readFileSync(path)]);
  })();
  return embeddedTemplate;
}

/** The name of the migrated template database on the server `admin` is connected to (one connection), built if missing. */
export async function migratedPostgresTemplate(admin: Kysely<Database>, serverUrl: string): Promise<string> {
  const name = `onemap_template_${templateKey()}`;
  await sql`SELECT pg_advisory_lock(${TEMPLATE_LOCK})`.execute(admin);
  try {
    const { rows } = await sql`SELECT 1 FROM pg_database WHERE datname = ${name}`.execute(admin);
    if (rows.length) return name;
    // Built under another name, so a worker that died half-way never leaves a half-migrated template behind.
    const building = `${name}_building`;
    await sql`DROP DATABASE IF EXISTS ${sql.id(building)} WITH (FORCE)`.execute(admin);
    await sql`CREATE DATABASE ${sql.id(building)}`.execute(admin);
    const handle = await connectDatabase({ databaseUrl: databaseUrlOn(serverUrl, building), poolSize: 1 });
    try {
      await migrateToLatest(handle.db);
    } finally {
      await handle.close();
    }
    await waitForSessionsToEnd(admin, building);
    await sql`ALTER DATABASE ${sql.id(building)} RENAME TO ${sql.id(name)}`.execute(admin);
    return name;
  } finally {
    await sql`SELECT pg_advisory_unlock(${TEMPLATE_LOCK})`.execute(admin);
  }
}

/** The URL of database `name` on the server of `serverUrl`. */
export function databaseUrlOn(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * pg-pool's end() resolves before its sockets have closed; dropping, renaming or copying the database then would
 * find a closing session. Waits (briefly) for the sessions to go on their own.
 */
export async function waitForSessionsToEnd(admin: Kysely<Database>, name: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ${name}`.execute(admin);
    if (rows[0].n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
