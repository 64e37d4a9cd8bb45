/**
 * Periodic jobs across several app processes on one PostgreSQL (issue 22): the start of each job's last round, so a
 * round runs once per interval whichever process's timer fires first (server/jobs/round-gate.ts).
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE job_rounds (
    job text PRIMARY KEY,
    started_at timestamptz NOT NULL
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE job_rounds`.execute(db);
}
