/**
 * Districts as tenants (issue 22): the bureau's own records that have no sub-district to belong through. A
 * landscape-lighting plan switches one district's lights; the disposal center's equipment (and with it its
 * readings, energy anomalies and inspection tasks) and its hidden dangers belong to the district that runs the
 * center. Existing rows go to the only district; with several, the equipment and hazards go to the district the
 * center's site lies in, and plans stay NULL (city-wide screens only) — NULL reads as the only district of a
 * one-district install (server/tenancy/district-sql.ts). Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

/** The disposal center's site as it was when this migration was written (server/cockpit/center.ts). */
const CENTER_SITE = sql`ST_SetSRID(ST_MakePoint(121.3565, 31.2187), 4326)`;
const SOLE = sql`(SELECT min(d.code) FROM districts d HAVING count(*) = 1)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['lighting_plans', 'cockpit_equipment', 'cockpit_hazards']) {
    await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN district_code text REFERENCES districts(code)`.execute(db);
    await sql`CREATE INDEX ${sql.id(`${table}_district_idx`)} ON ${sql.table(table)} (district_code)`.execute(db);
  }
  await sql`UPDATE lighting_plans SET district_code = ${SOLE}`.execute(db);
  for (const table of ['cockpit_equipment', 'cockpit_hazards']) {
    await sql`UPDATE ${sql.table(table)} SET district_code = COALESCE(${SOLE},
        (SELECT d.code FROM districts d WHERE ST_Intersects(d.geom, ${CENTER_SITE}) ORDER BY d.code LIMIT 1))`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['cockpit_hazards', 'cockpit_equipment', 'lighting_plans']) {
    await sql`ALTER TABLE ${sql.table(table)} DROP COLUMN district_code`.execute(db);
  }
}
