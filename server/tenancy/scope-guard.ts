/**
 * A person acts only within their district (domain/tenancy/district-scope.ts): an order, facility, alarm or unit of another district
 * is "not found" to them, exactly as one that does not exist (so its existence is not confirmed either).
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { AppError } from '@/domain/errors';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { subDistrictInScope } from './district-sql';

export async function assertOrderInScope(db: Kysely<Database>, orderId: number, scope: DistrictScope): Promise<void> {
  if (scope.kind === 'city') return;
  const row = await db
    .selectFrom('orders')
    .select('id')
    .where('id', '=', orderId)
    .where(subDistrictInScope('sub_district_code', scope))
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'error.notFound', `No order ${orderId}`, { what: `#${orderId}` });
}

export async function assertFacilityInScope(db: Kysely<Database>, facilityId: number, scope: DistrictScope): Promise<void> {
  if (scope.kind === 'city') return;
  const row = await db
    .selectFrom('facilities')
    .select('id')
    .where('id', '=', facilityId)
    .where(subDistrictInScope('sub_district_code', scope))
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'error.notFound', `No facility ${facilityId}`, { what: `#${facilityId}` });
}

/** An alarm is its facility's district's (one without a mapped facility, a one-district install's). */
export async function assertAlarmInScope(db: Kysely<Database>, alarmId: number, scope: DistrictScope): Promise<void> {
  if (scope.kind === 'city') return;
  const row = await db
    .selectFrom('alarms as a')
    .leftJoin('facilities as f', 'f.id', 'a.facility_id')
    .select('a.id')
    .where('a.id', '=', alarmId)
    .where(subDistrictInScope('f.sub_district_code', scope))
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'error.notFound', `No alarm ${alarmId}`, { what: `alarm ${alarmId}` });
}

export async function assertUnitsInScope(db: Kysely<Database>, unitIds: readonly number[], scope: DistrictScope): Promise<void> {
  if (scope.kind === 'city' || unitIds.length === 0) return;
  const rows = await db
    .selectFrom('units')
    .select('id')
    .where('id', 'in', unitIds)
    .where(subDistrictInScope('sub_district_code', scope))
    .execute();
  const found = new Set(rows.map((r) => r.id));
  const missing = unitIds.find((id) => !found.has(id));
  if (missing !== undefined) throw new AppError('NOT_FOUND', 'error.notFound', `No unit ${missing}`, { what: `#${missing}` });
}
