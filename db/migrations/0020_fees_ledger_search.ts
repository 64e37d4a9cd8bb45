/**
 * 清费云 ledgers at 100,000 payers (issue 12, bench/fees.ts):
 *  - the declarations ledger pages by (updated_at desc, id desc) with or without a status: an index in that order
 *    for "every status", and one per month, so neither the first page nor a deep one sorts the whole table;
 *  - free text matches part of a payer's name. `ILIKE '%…%'` cannot use a btree and reads every name, and pg_trgm
 *    is not loaded by the embedded database (and makes no trigrams of Chinese text under the C locale), so the
 *    name gets an n-gram index of its own: every character and every pair of characters, lower-cased, in a GIN
 *    index over text[] (built in on both dialects). A search asks for all the pairs of what was typed (the single
 *    character when only one was typed); ILIKE then confirms the candidates.
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX fee_declarations_order_idx ON fee_declarations (updated_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX fee_declarations_month_idx ON fee_declarations (month, updated_at DESC, id DESC)`.execute(db);

  await sql`CREATE FUNCTION fee_name_grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ARRAY(
      SELECT DISTINCT substr(lower(t), i, n) FROM generate_series(1, 2) AS n, generate_series(1, length(t) - n + 1) AS i
    ) $$`.execute(db);
  await sql`CREATE FUNCTION fee_query_grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN length(t) < 2 THEN ARRAY[lower(t)]
                ELSE ARRAY(SELECT DISTINCT substr(lower(t), i, 2) FROM generate_series(1, length(t) - 1) AS i) END $$`.execute(db);
  await sql`CREATE INDEX fee_payers_name_grams_idx ON fee_payers USING gin (fee_name_grams(name))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS fee_payers_name_grams_idx`.execute(db);
  await sql`DROP FUNCTION IF EXISTS fee_query_grams(text)`.execute(db);
  await sql`DROP FUNCTION IF EXISTS fee_name_grams(text)`.execute(db);
  await sql`DROP INDEX IF EXISTS fee_declarations_month_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS fee_declarations_order_idx`.execute(db);
}
