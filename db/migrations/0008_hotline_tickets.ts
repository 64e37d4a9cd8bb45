/**
 * 12345 hotline ticket history (issue 5): the tickets themselves, with their H3 cells computed at insert time
 * (resolutions 8 and 9, as text), and two rollups — day and month × category × sub-district × H3 r8 cell — that
 * the writer (server/hotline/tickets.repository.ts) keeps in step in the same transaction as every insert or import.
 * Aggregations read the rollups (a month row stands for up to ~30 day rows), drill-downs read the tickets through
 * composite indexes. Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

const MEASURES = `
    tickets integer NOT NULL,
    overdue integer NOT NULL,
    responded integer NOT NULL,
    response_minutes_sum bigint NOT NULL,
    closed integer NOT NULL,
    close_minutes_sum bigint NOT NULL,
    rated integer NOT NULL,
    satisfaction_sum integer NOT NULL,
    satisfied integer NOT NULL`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE hotline_tickets (
    id bigserial PRIMARY KEY,
    code text NOT NULL UNIQUE,
    received_at timestamptz NOT NULL,
    day date NOT NULL,
    category_code text NOT NULL REFERENCES order_categories(code),
    sub_district_code text NOT NULL REFERENCES sub_districts(code),
    address text NOT NULL,
    place_key text NOT NULL,
    description text NOT NULL,
    geom geometry(Point, 4326) NOT NULL,
    h3_r8 text NOT NULL,
    h3_r9 text NOT NULL,
    due_at timestamptz NOT NULL,
    responded_at timestamptz,
    closed_at timestamptz,
    response_minutes integer,
    close_minutes integer,
    overdue boolean NOT NULL,
    satisfaction smallint CHECK (satisfaction BETWEEN 1 AND 5),
    synthetic boolean NOT NULL,
    import_batch text
  )`.execute(db);
  // Drill-downs: sub-district → category → place → tickets, each bounded by days.
  await sql`CREATE INDEX hotline_tickets_sub_cat_day_idx ON hotline_tickets (sub_district_code, category_code, day)`.execute(db);
  await sql`CREATE INDEX hotline_tickets_place_day_idx ON hotline_tickets (place_key, day)`.execute(db);
  await sql`CREATE INDEX hotline_tickets_cell_day_idx ON hotline_tickets (h3_r8, day)`.execute(db);
  await sql`CREATE INDEX hotline_tickets_day_idx ON hotline_tickets (day)`.execute(db);

  for (const [table, time] of [
    ['hotline_rollup_day', 'day'],
    ['hotline_rollup_month', 'month'],
  ]) {
    await sql
      .raw(
        `CREATE TABLE ${table} (
      ${time} date NOT NULL,
      category_code text NOT NULL,
      sub_district_code text NOT NULL,
      h3_r8 text NOT NULL,${MEASURES},
      PRIMARY KEY (${time}, category_code, sub_district_code, h3_r8)
    )`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS hotline_rollup_month`.execute(db);
  await sql`DROP TABLE IF EXISTS hotline_rollup_day`.execute(db);
  await sql`DROP TABLE IF EXISTS hotline_tickets`.execute(db);
}
