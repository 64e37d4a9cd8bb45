/** The health endpoint's one database question: does it answer, and how fast. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';

export async function databaseAnswers(db: Kysely<Database>): Promise<number> {
  const started = performance.now();
  await sql`SELECT 1`.execute(db);
  return Math.round(performance.now() - started);
}
