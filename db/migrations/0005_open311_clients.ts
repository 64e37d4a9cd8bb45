/**
 * Open311 GeoReport v2 clients: who may file service requests (POST needs an api_key). Only the key's sha256 is
 * kept, so a copy of the database yields no usable key. Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE open311_clients (
    id serial PRIMARY KEY,
    name text NOT NULL,
    api_key_sha256 text NOT NULL UNIQUE,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS open311_clients`.execute(db);
}
