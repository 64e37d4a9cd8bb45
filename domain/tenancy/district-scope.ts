/**
 * Districts as tenants (issue 22): which district's units, facilities, orders and alarms a person sees and acts on.
 * The city-level role (市级指挥) sees every district; everyone else their own. An account bound to no district
 * is city-wide too: that is what every account of a one-district install was before districts were tenants, and
 * once a second district exists only the city-level role may be created unbound (server/auth/accounts.service.ts).
 */
import type { Role } from '@/domain/auth/roles';

export type DistrictScope = { kind: 'city' } | { kind: 'district'; code: string };

export const CITY_SCOPE: DistrictScope = { kind: 'city' };

/** The roles that see every district. */
export const CITY_ROLES: readonly Role[] = ['city_commander'];

export function scopeOf(user: { role: Role; districtCode: string | null }): DistrictScope {
  if (CITY_ROLES.includes(user.role) || user.districtCode === null) return CITY_SCOPE;
  return { kind: 'district', code: user.districtCode };
}

/** A short stable key: cache keys and socket room names. */
export function scopeKey(scope: DistrictScope): string {
  return scope.kind === 'city' ? 'city' : `district:${scope.code}`;
}

/** Whether something in `districtCode` is within the scope. */
export function scopeHolds(scope: DistrictScope, districtCode: string | null): boolean {
  return scope.kind === 'city' || scope.code === districtCode;
}
