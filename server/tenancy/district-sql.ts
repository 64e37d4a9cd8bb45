/**
 * SQL for districts as tenants (domain/tenancy/district-scope.ts): what district something belongs to, through its
 * sub-district, and the filter that keeps a query to a scope. Where nothing names a district (an order without a
 * place, a feed entry about nothing in particular) a one-district install's only district holds it; with several
 * districts it belongs to none and only city-wide screens see it.
 */
import { type Expression, type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '@/db/schema';
import type { DistrictScope } from '@/domain/tenancy/district-scope';

/** The one district of a one-district install, where every new account belongs; null when there are several or none. */
export async function soleDistrict(db: Kysely<Database>): Promise<string | null> {
  const rows = await db.selectFrom('districts').select('code').limit(2).execute();
  return rows.length === 1 ? rows[0].code : null;
}

/** The same in SQL: the only district, or NULL while there are several (or none). */
const SOLE_DISTRICT = sql<string | null>`(SELECT min(d.code) FROM districts d HAVING count(*) = 1)`;

type Ref = Expression<unknown> | RawBuilder<unknown>;

export function districtOfSubDistrict(subDistrictCode: Ref): RawBuilder<string | null> {
  return sql<string | null>`COALESCE((SELECT sd.district_code FROM sub_districts sd WHERE sd.code = ${subDistrictCode}), ${SOLE_DISTRICT})`;
}

export function districtOfFacility(facilityId: Ref): RawBuilder<string | null> {
  return sql<string | null>`COALESCE((SELECT sd.district_code FROM facilities f JOIN sub_districts sd ON sd.code = f.sub_district_code
    WHERE f.id = ${facilityId}), ${SOLE_DISTRICT})`;
}

export function districtOfUnit(unitId: Ref): RawBuilder<string | null> {
  return sql<string | null>`COALESCE((SELECT sd.district_code FROM units u JOIN sub_districts sd ON sd.code = u.sub_district_code
    WHERE u.id = ${unitId}), ${SOLE_DISTRICT})`;
}

export function districtOfOrder(orderId: Ref): RawBuilder<string | null> {
  return sql<string | null>`COALESCE((SELECT sd.district_code FROM orders o JOIN sub_districts sd ON sd.code = o.sub_district_code
    WHERE o.id = ${orderId}), ${SOLE_DISTRICT})`;
}

/**
 * A condition keeping rows whose sub-district (the column given) is in the scope; always true city-wide. A row
 * without a sub-district is in a one-district install's district.
 */
export function subDistrictInScope(subDistrictColumn: string, scope: DistrictScope): RawBuilder<boolean> {
  if (scope.kind === 'city') return sql<boolean>`true`;
  const column = sql.ref(subDistrictColumn);
  // A semi-join (hashed once per query), not a lookup per row: layers read tens of thousands of rows.
  return sql<boolean>`(${column} IN (SELECT sd.code FROM sub_districts sd WHERE sd.district_code = ${scope.code})
    OR (${column} IS NULL AND ${SOLE_DISTRICT} = ${scope.code}))`;
}

/**
 * A condition keeping rows whose own district (a district_code column, or an expression naming one) is in the scope;
 * always true city-wide. NULL is a one-district install's only district, as everywhere above.
 */
export function districtInScope(district: Ref | string, scope: DistrictScope): RawBuilder<boolean> {
  if (scope.kind === 'city') return sql<boolean>`true`;
  const value = typeof district === 'string' ? sql.ref(district) : district;
  return sql<boolean>`(${value} = ${scope.code} OR (${value} IS NULL AND ${SOLE_DISTRICT} = ${scope.code}))`;
}
