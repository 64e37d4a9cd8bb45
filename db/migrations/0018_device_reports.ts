/**
 * What a unit's device last said besides a position (issue 18): the receipt time, battery, push token, the cell or
 * Wi-Fi it saw, and the last fix it marked invalid. One JSON value per unit: devices send different subsets, and
 * the unit's detail shows whatever is there.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE units ADD COLUMN device_report jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE units DROP COLUMN device_report`.execute(db);
}
