/**
 * Knowledge search on PostgreSQL at 40,000 entries (issue 13, "Speed"): each posting carries the length of its field
 * and the entry's sensitivity, so BM25 normalises and filters from the postings' key alone. Joining the length table
 * made the planner hash all 40,000 of its rows for every question (≈ 25 ms of a 57 ms question); without the join the
 * same question takes 17 ms. The length table stays for the corpus totals.
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE knowledge_postings ADD COLUMN len integer NOT NULL DEFAULT 0, ADD COLUMN sensitive boolean NOT NULL DEFAULT false`.execute(
    db,
  );
  await sql`UPDATE knowledge_postings p SET sensitive = d.sensitive,
      len = CASE p.field WHEN 0 THEN d.title_len WHEN 1 THEN d.questions_len WHEN 2 THEN d.answer_len ELSE d.body_len END
    FROM knowledge_doc_lengths d WHERE d.entry_id = p.entry_id`.execute(db);
  await sql`ALTER TABLE knowledge_postings DROP CONSTRAINT knowledge_postings_pkey`.execute(db);
  await sql`ALTER TABLE knowledge_postings ADD PRIMARY KEY (term, entry_id, field) INCLUDE (tf, len, sensitive)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE knowledge_postings DROP CONSTRAINT knowledge_postings_pkey`.execute(db);
  await sql`ALTER TABLE knowledge_postings ADD PRIMARY KEY (term, entry_id, field) INCLUDE (tf)`.execute(db);
  await sql`ALTER TABLE knowledge_postings DROP COLUMN len, DROP COLUMN sensitive`.execute(db);
}
