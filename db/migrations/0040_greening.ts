/**
 * 绿化 on the one map (issue 15 part 1) and the counting of calls to outside interfaces (part 6):
 * - facility kinds for green spaces (park: polygons), trees, and the street furniture OpenStreetMap maps
 *   (litter bins, benches, fountains);
 * - a unit kind for the greening crews (绿化养护班组) and the green-space categories routed to them, with one more
 *   category for damaged park furniture (a broken bench in a park);
 * - calls per outside client, interface and day (one row each, counted up in place).
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

const FACILITY_KINDS =
  "'toilet','transfer_station','light','shop','occupied_road','road_segment','depot','kiosk','park','tree','litter_bin','bench','fountain'";
const UNIT_KINDS =
  "'sweeper','washer','compactor','toilet_service','lighting_repair','patrol_officer','handler','duty_officer','greening_crew'";
const OLD_FACILITY_KINDS = "'toilet','transfer_station','light','shop','occupied_road','road_segment','depot','kiosk'";
const OLD_UNIT_KINDS = "'sweeper','washer','compactor','toilet_service','lighting_repair','patrol_officer','handler','duty_officer'";

const GREENING_CATEGORIES = ['greening.fallen_tree', 'greening.pruning', 'greening.damage', 'greening.pests'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE facilities DROP CONSTRAINT IF EXISTS facilities_kind_check`.execute(db);
  await sql.raw(`ALTER TABLE facilities ADD CONSTRAINT facilities_kind_check CHECK (kind IN (${FACILITY_KINDS}))`).execute(db);

  await sql`ALTER TABLE units DROP CONSTRAINT IF EXISTS units_kind_check`.execute(db);
  await sql.raw(`ALTER TABLE units ADD CONSTRAINT units_kind_check CHECK (kind IN (${UNIT_KINDS}))`).execute(db);
  await sql`ALTER TABLE order_categories DROP CONSTRAINT IF EXISTS order_categories_unit_kinds_check`.execute(db);
  await sql
    .raw(`ALTER TABLE order_categories ADD CONSTRAINT order_categories_unit_kinds_check CHECK (unit_kinds <@ ARRAY[${UNIT_KINDS}]::text[])`)
    .execute(db);
  // Nearest-crew search reads only on-shift crews (as 0003 does for every other kind).
  await sql`CREATE INDEX units_geom_greening_crew_idx ON units USING gist (geom) WHERE on_shift AND kind = 'greening_crew'`.execute(db);

  // Green-space upkeep goes to the greening crews; a fallen tree may still need any handler nearby first.
  for (const code of GREENING_CATEGORIES) {
    const kinds = code === 'greening.fallen_tree' ? ['greening_crew', 'handler'] : ['greening_crew'];
    await sql`UPDATE order_categories SET unit_kinds = ${kinds}::text[] WHERE code = ${code}`.execute(db);
  }
  await sql`INSERT INTO order_categories (code, group_code, name_zh, name_en, unit_kinds, default_priority, sort)
    VALUES ('greening.facility_damage', 'greening', '园林设施损坏', 'Damaged park furniture (bench, fountain, fence)',
      ARRAY['greening_crew']::text[], 3,
      (SELECT COALESCE(max(sort), 0) + 1 FROM order_categories WHERE group_code = 'greening'))
    ON CONFLICT (code) DO NOTHING`.execute(db);

  // Counted up in place: one row per client, interface and Shanghai day, whatever the number of calls.
  await sql`CREATE TABLE outside_client_calls (
    client_id integer NOT NULL REFERENCES outside_clients(id),
    interface text NOT NULL,
    day date NOT NULL,
    calls bigint NOT NULL DEFAULT 0,
    last_at timestamptz NOT NULL,
    PRIMARY KEY (client_id, interface, day)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS outside_client_calls`.execute(db);
  await sql`DELETE FROM order_categories WHERE code = 'greening.facility_damage'`.execute(db);
  for (const code of GREENING_CATEGORIES) {
    const kinds =
      code === 'greening.pruning' || code === 'greening.pests' || code === 'greening.fallen_tree'
        ? ['handler']
        : ['handler', 'patrol_officer'];
    await sql`UPDATE order_categories SET unit_kinds = ${kinds}::text[] WHERE code = ${code}`.execute(db);
  }
  await sql`DROP INDEX IF EXISTS units_geom_greening_crew_idx`.execute(db);
  await sql`DELETE FROM units WHERE kind = 'greening_crew'`.execute(db);
  await sql`DELETE FROM facilities WHERE kind IN ('park','tree','litter_bin','bench','fountain')`.execute(db);
  await sql`ALTER TABLE order_categories DROP CONSTRAINT IF EXISTS order_categories_unit_kinds_check`.execute(db);
  await sql
    .raw(
      `ALTER TABLE order_categories ADD CONSTRAINT order_categories_unit_kinds_check CHECK (unit_kinds <@ ARRAY[${OLD_UNIT_KINDS}]::text[])`,
    )
    .execute(db);
  await sql`ALTER TABLE units DROP CONSTRAINT IF EXISTS units_kind_check`.execute(db);
  await sql.raw(`ALTER TABLE units ADD CONSTRAINT units_kind_check CHECK (kind IN (${OLD_UNIT_KINDS}))`).execute(db);
  await sql`ALTER TABLE facilities DROP CONSTRAINT IF EXISTS facilities_kind_check`.execute(db);
  await sql.raw(`ALTER TABLE facilities ADD CONSTRAINT facilities_kind_check CHECK (kind IN (${OLD_FACILITY_KINDS}))`).execute(db);
}
