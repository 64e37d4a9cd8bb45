/**
 * The live units' counts by kind for the wall's unit tiles and chart: the district's as the live store keeps them,
 * or, with a sub-district chosen, only the units registered there (a unit's home sub-district, not where it is now:
 * a sweeper crossing a boundary does not move between counts).
 */
import type { LiveUnitsState } from '@/components/map/live-bridge';
import { countUnitsByKind } from '@/components/map/live/live-units-model';

export type UnitCounts = Pick<LiveUnitsState, 'onlineByKind' | 'totalByKind'>;

export function unitCountsIn(live: Pick<LiveUnitsState, 'units' | 'onlineByKind' | 'totalByKind'>, subDistrict: string | null): UnitCounts {
  if (subDistrict === null) return { onlineByKind: live.onlineByKind, totalByKind: live.totalByKind };
  const { onlineByKind, totalByKind } = countUnitsByKind(live.units.filter((u) => u.subDistrictCode === subDistrict));
  return { onlineByKind, totalByKind };
}
