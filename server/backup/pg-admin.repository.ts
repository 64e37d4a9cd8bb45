/** What a PostgreSQL restore asks the server before it starts: who else uses the database, and whether it exists. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';

export interface Session {
  pid: number;
  app: string;
  client: string | null;
}

export async function otherSessions(db: Kysely<Database>, database: string): Promise<Session[]> {
  const { rows } = await sql<Session>`
    SELECT pid, application_name AS app, client_addr::text AS client FROM pg_stat_activity
    WHERE datname = ${database} AND pid <> pg_backend_pid()`.execute(db);
  return rows;
}

export async function createDatabaseIfMissing(db: Kysely<Database>, database: string): Promise<void> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_database WHERE datname = ${database}`.execute(db);
  if (rows[0].n === 0) await sql`CREATE DATABASE ${sql.id(database)}`.execute(db);
}
