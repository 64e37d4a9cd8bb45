/** Small compression and transfer stations (小压站): capacity and how full they are, near real addresses. */
import type { Random } from '@/geo/random';
import type { SeedContext } from '../context';
import { nearbyDoorplate, sequenceCode } from '../placement';
import { anchoredSpots, hasDoorplate } from './near-address';
import { pointGeometry, type PlannedFacility } from './planned-facility';

export const TRANSFER_STATION_COUNT = 25;
/** A station this full needs a compactor run now. */
export const FULL_FILL_PCT = 90;

export function planTransferStations(context: SeedContext, random: Random): PlannedFacility[] {
  const spots = anchoredSpots(context, random, {
    total: TRANSFER_STATION_COUNT,
    minimumEach: 1,
    prefer: hasDoorplate,
    minMeters: 15,
    maxMeters: 40,
  });
  return spots.map(({ sub, anchor, lngLat }, i) => {
    const fillPct = random.int(10, 98);
    const inMaintenance = random.chance(0.05);
    return {
      kind: 'transfer_station',
      code: sequenceCode('TS', i + 1),
      name: `${anchor.road ?? sub.shortName}小压站`,
      address: nearbyDoorplate(anchor, random),
      subDistrictCode: sub.code,
      status: inMaintenance ? 'maintenance' : fillPct >= FULL_FILL_PCT ? 'full' : 'normal',
      attrs: { fill_pct: fillPct, capacity_t: random.pick([5, 8, 10, 15]) },
      synthetic: true,
      geocodeQuality: null,
      geometry: pointGeometry(lngLat),
    };
  });
}
