/**
 * The district scope of whoever acts (domain/tenancy/district-scope.ts), read from their account: for services that
 * take an Actor (settlement, knowledge, imports) rather than a session, so every caller — the routers, the file
 * routes, jobs — gets the same rule. The system, acting for no one, is city-wide; an account that no longer exists
 * sees nothing.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { CITY_SCOPE, type DistrictScope, scopeOf } from '@/domain/tenancy/district-scope';
import type { Actor } from '@/server/orders/order-change';

/** No district has this code: the scope of an actor without an account. */
const NOWHERE: DistrictScope = { kind: 'district', code: '-' };

export async function actorScope(db: Kysely<Database>, actor: Pick<Actor, 'userId'>): Promise<DistrictScope> {
  if (actor.userId === null) return CITY_SCOPE;
  const user = await db.selectFrom('users').select(['role', 'district_code']).where('id', '=', actor.userId).executeTakeFirst();
  // An account without a role acts on nothing (it cannot sign in either).
  return user?.role ? scopeOf({ role: user.role, districtCode: user.district_code }) : NOWHERE;
}

/** The district a new record of this scope belongs to: NULL (city level) for the city-wide. */
export function districtOfScope(scope: DistrictScope): string | null {
  return scope.kind === 'city' ? null : scope.code;
}
