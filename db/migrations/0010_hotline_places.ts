/**
 * Faster "places" drill-down (sub-district → category → places) over long periods: the (sub-district, category,
 * day) index now also carries every column that query reads (place_key, overdue, address, geom), so it becomes
 * an index-only scan — one ordered pass over a few hundred index pages instead of one random table page per
 * ticket (≈ 18,000 pages for three years of a busy sub-district at 1M tickets; the embedded database keeps only
 * 128 MB in its buffer cache). Same key columns, so it replaces the 0008 index for every other query too.
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX hotline_tickets_sub_cat_day_places_idx ON hotline_tickets (sub_district_code, category_code, day)
    INCLUDE (place_key, overdue, address, geom)`.execute(db);
  await sql`DROP INDEX hotline_tickets_sub_cat_day_idx`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX hotline_tickets_sub_cat_day_idx ON hotline_tickets (sub_district_code, category_code, day)`.execute(db);
  await sql`DROP INDEX hotline_tickets_sub_cat_day_places_idx`.execute(db);
}
