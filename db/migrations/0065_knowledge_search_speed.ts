/**
 * Knowledge search at 40,000 entries (issue 13, "Speed"): the corpus totals BM25 normalises by (entry count and
 * summed field lengths) kept in one row as entries are indexed and unindexed, so a question no longer averages the
 * whole length table; and the postings' key carries the term frequency, so a term's postings are read from the
 * index alone (term → entry, field, tf) without visiting the table.
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE knowledge_corpus (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    docs integer NOT NULL,
    title_sum bigint NOT NULL,
    questions_sum bigint NOT NULL,
    answer_sum bigint NOT NULL,
    body_sum bigint NOT NULL
  )`.execute(db);
  await sql`INSERT INTO knowledge_corpus (docs, title_sum, questions_sum, answer_sum, body_sum)
    SELECT count(*), coalesce(sum(title_len), 0), coalesce(sum(questions_len), 0), coalesce(sum(answer_len), 0), coalesce(sum(body_len), 0)
    FROM knowledge_doc_lengths`.execute(db);
  await sql`ALTER TABLE knowledge_postings DROP CONSTRAINT knowledge_postings_pkey`.execute(db);
  await sql`ALTER TABLE knowledge_postings ADD PRIMARY KEY (term, entry_id, field) INCLUDE (tf)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE knowledge_postings DROP CONSTRAINT knowledge_postings_pkey`.execute(db);
  await sql`ALTER TABLE knowledge_postings ADD PRIMARY KEY (term, entry_id, field)`.execute(db);
  await sql`DROP TABLE knowledge_corpus`.execute(db);
}
