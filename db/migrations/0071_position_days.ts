/**
 * Packed closed days of the position history (issue 14): once the retention round has ordered a closed day, each
 * unit's day is stored as one row, its fixes packed as one text (the format of a track read, "ms,source,lng,lat,speed;…"),
 * so a day track reads one row instead of ~8,640. `position_packed_days` marks the days packed (a day with no fix
 * has no row in position_days, yet is done). Built, re-built on thinning and deleted with their day by
 * server/units/history (partitions.repository.ts); a late fix for a packed day deletes its unit's packed day, which is
 * then read from the rows again.
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE position_days (
    unit_id integer NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    day date NOT NULL,
    fixes text NOT NULL,
    PRIMARY KEY (unit_id, day)
  )`.execute(db);
  await sql`CREATE INDEX position_days_day_idx ON position_days (day)`.execute(db);
  await sql`CREATE TABLE position_packed_days (day date PRIMARY KEY)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE position_packed_days`.execute(db);
  await sql`DROP TABLE position_days`.execute(db);
}
