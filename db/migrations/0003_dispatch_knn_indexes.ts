/**
 * Nearest-unit search per kind (server/dispatch/candidates.repository.ts): one partial GiST index per unit kind
 * over its on-shift units, so a KNN scan for a kind reads about k index entries; the general units_geom_idx
 * would read k ÷ (the kind's share of all units) of them. Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

const UNIT_KINDS = ['sweeper', 'washer', 'compactor', 'toilet_service', 'lighting_repair', 'patrol_officer', 'handler', 'duty_officer'];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const kind of UNIT_KINDS) {
    await sql`CREATE INDEX ${sql.id(`units_geom_${kind}_idx`)} ON units USING gist (geom) WHERE on_shift AND kind = ${sql.lit(kind)}`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const kind of UNIT_KINDS) await sql`DROP INDEX IF EXISTS ${sql.id(`units_geom_${kind}_idx`)}`.execute(db);
}
