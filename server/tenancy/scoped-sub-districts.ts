/**
 * A filter's sub-districts within a scope (domain/tenancy/district-scope.ts), for reads that already filter by
 * sub-district (the 12345 analysis, the leaders' summary): the asked ones that are the district's, or all of the
 * district's when none were asked. Asking only for another district's gives a filter that matches nothing, not
 * everything.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { DistrictScope } from '@/domain/tenancy/district-scope';

/** No sub-district has this code (codes are digits): the filter of a district asking only for others'. */
const NO_SUB_DISTRICT = '-';

export async function subDistrictsWithin(
  db: Kysely<Database>,
  scope: DistrictScope,
  asked?: readonly string[],
): Promise<readonly string[] | undefined> {
  if (scope.kind === 'city') return asked;
  const own = (await db.selectFrom('sub_districts').select('code').where('district_code', '=', scope.code).execute()).map((r) => r.code);
  const chosen = asked?.length ? asked.filter((code) => own.includes(code)) : own;
  return chosen.length ? chosen : [NO_SUB_DISTRICT];
}
