/**
 * 知识库采集 (issue 13): the 12345 ticket history gains the reply text sent to the citizen (a ticket with a reply
 * becomes a candidate 问答 entry), and a knowledge entry merged into another records which one it was merged into
 * (it is withdrawn; its questions live on in the kept entry).
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE hotline_tickets ADD COLUMN reply text`.execute(db);
  // The few tickets with a reply, newest first, without reading the whole history (the candidate list).
  await sql`CREATE INDEX hotline_tickets_replied ON hotline_tickets (received_at DESC) WHERE reply IS NOT NULL`.execute(db);
  await sql`ALTER TABLE knowledge_entries ADD COLUMN merged_into integer REFERENCES knowledge_entries(id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE knowledge_entries DROP COLUMN merged_into`.execute(db);
  await sql`DROP INDEX IF EXISTS hotline_tickets_replied`.execute(db);
  await sql`ALTER TABLE hotline_tickets DROP COLUMN reply`.execute(db);
}
