/**
 * The SQL of the demonstration's generators and seeds (12345 history, the disposal center, lighting plans, alarm
 * sources, demo accounts): what they read of the world and what they write into empty tables. The simulator's
 * own movement queries are in sim.repository.ts.
 */
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { CockpitEquipmentTable, Database, FacilityKind, LightingPlanTable } from '@/db/schema';
import { stX, stY } from '@/db/st';

// ── 12345 history ──────────────────────────────────────────────────────────────────────────────────────────────

export interface AddressedPlaceRow {
  address: string;
  subDistrictCode: string;
  lng: number;
  lat: number;
}

/** The gazetteer's addressed points inside Changning's sub-districts. */
export async function addressedPlaces(db: Kysely<Database>): Promise<AddressedPlaceRow[]> {
  const rows = await db
    .selectFrom('addresses')
    .select((eb) => ['address', 'sub_district_code', stX(eb.ref('geom')).as('lng'), stY(eb.ref('geom')).as('lat')])
    .where('sub_district_code', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ address: r.address, subDistrictCode: r.sub_district_code as string, lng: Number(r.lng), lat: Number(r.lat) }));
}

export async function orderCategoriesInOrder(db: Kysely<Database>) {
  return db.selectFrom('order_categories').select(['code', 'name_zh', 'default_priority']).orderBy('sort').execute();
}

export async function hasHotlineTickets(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ any: boolean }>`SELECT EXISTS (SELECT 1 FROM hotline_tickets) AS any`.execute(db);
  return Boolean(rows[0]?.any);
}

export interface IndexDefinition {
  name: string;
  definition: string;
}

/** The ticket table's lookup indexes (not the primary key or unique constraints), as the catalog defines them. */
export async function ticketLookupIndexes(db: Kysely<Database>): Promise<IndexDefinition[]> {
  const { rows } = await sql<IndexDefinition>`
    SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
    WHERE i.schemaname = current_schema() AND i.tablename = 'hotline_tickets'
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`.execute(db);
  return rows;
}

export async function dropIndex(db: Kysely<Database>, index: IndexDefinition): Promise<void> {
  await sql`DROP INDEX ${sql.ref(index.name)}`.execute(db);
}

/** Recreates an index from its catalog definition (read back by ticketLookupIndexes, never from input). */
export async function recreateIndex(db: Kysely<Database>, index: IndexDefinition): Promise<void> {
  await sql.raw(index.definition).execute(db);
}

/** Fresh planner statistics and the visibility map after a bulk load (the embedded database has no autovacuum). */
export async function vacuumAnalyzeTickets(db: Kysely<Database>): Promise<void> {
  await sql`VACUUM ANALYZE hotline_tickets`.execute(db);
}

// ── Disposal center ────────────────────────────────────────────────────────────────────────────────────────────

/** Locks the equipment archive against a concurrent seed and says how many pieces it holds. */
export async function lockAndCountEquipment(trx: Transaction<Database>): Promise<number> {
  await sql`LOCK TABLE cockpit_equipment IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
  const existing = await trx
    .selectFrom('cockpit_equipment')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(existing.n);
}

export async function insertEquipment(
  trx: Transaction<Database>,
  rows: Insertable<CockpitEquipmentTable>[],
): Promise<Array<{ id: number; code: string }>> {
  return trx.insertInto('cockpit_equipment').values(rows).returning(['id', 'code']).execute();
}

/** The meters the live simulation writes readings for. */
export async function simulatedMeters(db: Kysely<Database>) {
  return db
    .selectFrom('cockpit_equipment')
    .select(['id', 'code', 'type'])
    .where('type', 'in', ['energy_meter', 'env_monitor'])
    .orderBy('id')
    .execute();
}

// ── Lighting plans ─────────────────────────────────────────────────────────────────────────────────────────────

export async function hasLightingPlans(db: Kysely<Database>): Promise<boolean> {
  const existing = await db.selectFrom('lighting_plans').select('id').limit(1).execute();
  return existing.length > 0;
}

export async function insertLightingPlans(db: Kysely<Database>, plans: Insertable<LightingPlanTable>[]): Promise<void> {
  await db.insertInto('lighting_plans').values(plans).execute();
}

// ── Alarm sources and demo accounts ────────────────────────────────────────────────────────────────────────────

/** Codes of every facility of the given kinds (real and synthetic: sensors report on both). */
export async function facilityCodesOfKinds(db: Kysely<Database>, kinds: readonly FacilityKind[]) {
  return db.selectFrom('facilities').select(['kind', 'code']).where('kind', 'in', kinds).execute();
}

/** The disposal center's production equipment as its archive lists it: the simulator's equipment alarms name these. */
export async function disposalEquipmentCodes(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('cockpit_equipment')
    .select('code')
    .where('type', 'in', ['compactor', 'conveyor', 'deodoriser'])
    .orderBy('code')
    .execute();
  return rows.map((r) => r.code);
}

/** The first handler units on shift (by id): the demo field accounts' own units, with the person each names. */
export async function handlersOnShift(db: Kysely<Database>, count: number): Promise<Array<{ id: number; name: string }>> {
  return db
    .selectFrom('units')
    .select(['id', 'name'])
    .where('kind', '=', 'handler')
    .where('on_shift', '=', true)
    .orderBy('id')
    .limit(count)
    .execute();
}
