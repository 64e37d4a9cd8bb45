/**
 * Real clients (issue 18):
 *  - what a unit's device last said besides a position: the receipt time, battery, push token, the cell or Wi-Fi it
 *    saw, and the last fix it marked invalid. One JSON value per unit: devices send different subsets, and the
 *    unit's detail shows whatever is there;
 *  - Open311 clients move into the one registry of outside clients (outside_clients, kind open311). Their keys were
 *    stored as the same sha256, so every issued api_key keeps working.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE units ADD COLUMN device_report jsonb`.execute(db);
  await sql`INSERT INTO outside_clients (kind, name, key_prefix, key_hash, scopes, enabled, created_at, withdrawn_at)
    SELECT 'open311', name, 'open311', api_key_sha256, '["requests:write"]'::jsonb, active, created_at, CASE WHEN active THEN NULL ELSE now() END
    FROM open311_clients`.execute(db);
  await sql`DROP TABLE open311_clients`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE units DROP COLUMN device_report`.execute(db);
  await sql`CREATE TABLE open311_clients (
    id serial PRIMARY KEY,
    name text NOT NULL,
    api_key_sha256 text NOT NULL UNIQUE,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`INSERT INTO open311_clients (name, api_key_sha256, active, created_at)
    SELECT name, key_hash, enabled, created_at FROM outside_clients WHERE kind = 'open311'`.execute(db);
  await sql`DELETE FROM outside_clients WHERE kind = 'open311'`.execute(db);
}
