/**
 * The street-level base map (issue 19): base_features also holds water, OSM sites and grounds, traffic signals,
 * streets and buildings. `approximate` marks the streets derived from the gazetteer (drawn as such, and hidden
 * once a real street layer is loaded); `source` tells seeded rows from a district's import, which a new import of
 * the same layer replaces. The GiST index serves the vector tiles' envelope queries.
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE base_features DROP CONSTRAINT base_features_layer_check`.execute(db);
  await sql`ALTER TABLE base_features ADD CONSTRAINT base_features_layer_check
    CHECK (layer IN ('road', 'metro_line', 'metro_station', 'water', 'site', 'signal', 'street', 'building'))`.execute(db);
  await sql`ALTER TABLE base_features ADD COLUMN approximate boolean NOT NULL DEFAULT false`.execute(db);
  await sql`ALTER TABLE base_features ADD COLUMN source text NOT NULL DEFAULT 'seed' CHECK (source IN ('seed', 'import'))`.execute(db);
  await sql`CREATE INDEX base_features_geom_idx ON base_features USING gist (geom)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX base_features_geom_idx`.execute(db);
  await sql`DELETE FROM base_features WHERE layer NOT IN ('road', 'metro_line', 'metro_station')`.execute(db);
  await sql`ALTER TABLE base_features DROP COLUMN source`.execute(db);
  await sql`ALTER TABLE base_features DROP COLUMN approximate`.execute(db);
  await sql`ALTER TABLE base_features DROP CONSTRAINT base_features_layer_check`.execute(db);
  await sql`ALTER TABLE base_features ADD CONSTRAINT base_features_layer_check
    CHECK (layer IN ('road', 'metro_line', 'metro_station'))`.execute(db);
}
