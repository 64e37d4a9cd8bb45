/**
 * Lights as the lighting page reads them and the repair claims over them (lighting_repairs: at most one open
 * claim per light, enforced by a partial unique index). Rows in, rows out; the rules are in lighting.service.ts.
 */
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import { districtOfSubDistrict, subDistrictInScope } from '@/server/tenancy/district-sql';
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import { stLngLat } from '@/db/st';

/** Every light with its district (whose plans switch it) and the order of its open repair claim, if any. */
export function lightsWithOpenRepair(db: Kysely<Database>, scope: DistrictScope = CITY_SCOPE) {
  return db
    .selectFrom('facilities as f')
    .leftJoin('lighting_repairs as r', (join) => join.onRef('r.facility_id', '=', 'f.id').on('r.open', '=', true))
    .leftJoin('orders as o', 'o.id', 'r.order_id')
    .select([
      'f.id',
      'f.code',
      'f.name',
      'f.address',
      'f.sub_district_code',
      'f.status',
      'f.attrs',
      'o.code as order_code',
      'o.status as order_status',
    ])
    .select(districtOfSubDistrict(sql.ref('f.sub_district_code')).as('district_code'))
    .where('f.kind', '=', 'light')
    .where(subDistrictInScope('f.sub_district_code', scope))
    .orderBy('f.code')
    .execute();
}

/** The given lights (ids that are not lights, or not the scope's, are left out), ordered by road and code, with their point. */
export function lightsByIds(db: Kysely<Database>, ids: readonly number[], scope: DistrictScope = CITY_SCOPE) {
  return db
    .selectFrom('facilities')
    .select(['id', 'code', 'name', 'address', 'status', 'attrs', ...stLngLat(sql.ref('geom'))])
    .where('kind', '=', 'light')
    .where(subDistrictInScope('sub_district_code', scope))
    .where('id', 'in', [...ids])
    .orderBy('address')
    .orderBy('code')
    .execute();
}

/** Claims a light for a repair; undefined when an open claim already holds it. */
export async function claimRepair(db: Kysely<Database>, facilityId: number, batch: string, now: Date): Promise<number | undefined> {
  const claim = await db
    .insertInto('lighting_repairs')
    .values({ facility_id: facilityId, batch, created_at: now })
    .onConflict((oc) => oc.column('facility_id').where('open', '=', true).doNothing())
    .returning('id')
    .executeTakeFirst();
  return claim?.id;
}

/** The order code of a light's open claim (null while the claim has no order yet). */
export async function openRepairOrderCode(db: Kysely<Database>, facilityId: number): Promise<string | null> {
  const open = await db
    .selectFrom('lighting_repairs as r')
    .leftJoin('orders as o', 'o.id', 'r.order_id')
    .select('o.code')
    .where('r.facility_id', '=', facilityId)
    .where('r.open', '=', true)
    .executeTakeFirst();
  return open?.code ?? null;
}

export async function linkRepairOrder(db: Kysely<Database>, claimId: number, orderId: number): Promise<void> {
  await db.updateTable('lighting_repairs').set({ order_id: orderId }).where('id', '=', claimId).execute();
}

export async function dropRepairClaim(db: Kysely<Database>, claimId: number): Promise<void> {
  await db.deleteFrom('lighting_repairs').where('id', '=', claimId).execute();
}

/** Claims whose orders are closed or voided no longer block a new order for their light. */
export async function releaseFinishedRepairs(db: Kysely<Database>): Promise<void> {
  await sql`UPDATE lighting_repairs r SET open = false FROM orders o WHERE o.id = r.order_id AND r.open AND o.status IN ('closed', 'voided')`.execute(
    db,
  );
}
