/**
 * Where a person's new record (a lighting plan, a hidden danger) belongs: their own district. Someone bound to none
 * writes into the only district — or into none while no district is loaded, as before districts were tenants. With
 * several districts there is none to pick for them: undefined, which the caller refuses.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { DistrictScope } from '@/domain/tenancy/district-scope';

export async function homeDistrict(db: Kysely<Database>, scope: DistrictScope): Promise<string | null | undefined> {
  if (scope.kind === 'district') return scope.code;
  const rows = await db.selectFrom('districts').select('code').limit(2).execute();
  return rows.length > 1 ? undefined : (rows[0]?.code ?? null);
}
