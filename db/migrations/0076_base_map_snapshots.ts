/**
 * The wall's base-map pictures (issue 19's first view): per district scope and view, the latest picture a wall took
 * of its base map at the starting view, so that a browser opening the wall for the first time shows it at once.
 * One row per view, replaced in place; the service keeps at most a few dozen per scope. Frozen in time: never
 * import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE base_map_snapshots (
      scope text NOT NULL,
      view_key text NOT NULL,
      image bytea NOT NULL,
      camera_lng double precision NOT NULL,
      camera_lat double precision NOT NULL,
      camera_zoom double precision NOT NULL,
      captured_at timestamptz NOT NULL,
      captured_by integer REFERENCES users(id) ON DELETE SET NULL,
      PRIMARY KEY (scope, view_key)
    )`.execute(db);
  await sql`CREATE INDEX base_map_snapshots_age_idx ON base_map_snapshots (scope, captured_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE base_map_snapshots`.execute(db);
}
