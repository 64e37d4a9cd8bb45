/**
 * One position history for every unit (issue 14): unit_positions becomes a table partitioned by Asia/Shanghai day
 * (native declarative partitioning; PGlite is PostgreSQL 17, so both dialects run the same DDL). Partitions are
 * named unit_positions_dYYYYMMDD while they hold every kept fix, and unit_positions_tYYYYMMDD once thinned; old days
 * are dropped whole (server/units/history/partitions.ts). The serial id and received_at go: a partitioned table's
 * keys must include the partition key, nothing reads them, and they are 16 bytes of 50-odd a row.
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE unit_positions RENAME TO unit_positions_legacy`.execute(db);
  await sql`ALTER INDEX unit_positions_unit_time_idx RENAME TO unit_positions_legacy_unit_time_idx`.execute(db);
  await sql`CREATE TABLE unit_positions (
    unit_id integer NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    recorded_at timestamptz NOT NULL,
    source text NOT NULL CHECK (source IN ('device','osmand','simulator')),
    speed_mps real,
    heading_deg real,
    geom geometry(Point, 4326) NOT NULL
  ) PARTITION BY RANGE (recorded_at)`.execute(db);
  // Declared on the parent, so every partition (and every thinned replacement) gets them.
  await sql`CREATE INDEX unit_positions_unit_time_idx ON unit_positions (unit_id, recorded_at)`.execute(db);
  await sql`CREATE INDEX unit_positions_geom_idx ON unit_positions USING gist (geom)`.execute(db);
  // A partition for every day the old table holds (a Shanghai day runs from 00:00 +08 to the next 00:00 +08).
  await sql`DO $$
    DECLARE d date;
    BEGIN
      FOR d IN SELECT DISTINCT (recorded_at AT TIME ZONE 'Asia/Shanghai')::date FROM unit_positions_legacy LOOP
        EXECUTE format(
          'CREATE TABLE %I PARTITION OF unit_positions FOR VALUES FROM (%L) TO (%L)',
          'unit_positions_d' || to_char(d, 'YYYYMMDD'),
          d::text || ' 00:00+08',
          (d + 1)::text || ' 00:00+08'
        );
      END LOOP;
    END $$`.execute(db);
  await sql`INSERT INTO unit_positions (unit_id, recorded_at, source, speed_mps, heading_deg, geom)
    SELECT unit_id, recorded_at, source, speed_mps, heading_deg, geom FROM unit_positions_legacy`.execute(db);
  await sql`DROP TABLE unit_positions_legacy`.execute(db);
}
