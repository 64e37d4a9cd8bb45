/**
 * Permitted occupations of the road (占道): works, stalls and stacked goods, each with a permit and an end
 * date, at the kerb near real addresses. Dates count from a fixed reference day so the seed never changes.
 */
import type { Random } from '@/geo/random';
import type { SeedContext } from '../context';
import { addDays, nearbyDoorplate, sequenceCode } from '../placement';
import { anchoredSpots, hasDoorplate } from './near-address';
import { pointGeometry, type PlannedFacility } from './planned-facility';

export const OCCUPIED_ROAD_COUNT = 200;
/** The day the seeded permits are dated from. */
export const PERMIT_REFERENCE_DATE = '2026-11-20';

const KINDS = ['施工', '设摊', '堆物'] as const;

export function planOccupiedRoads(context: SeedContext, random: Random): PlannedFacility[] {
  const spots = anchoredSpots(context, random, {
    total: OCCUPIED_ROAD_COUNT,
    minimumEach: 5,
    prefer: hasDoorplate,
    minMeters: 5,
    maxMeters: 30,
  });
  return spots.map(({ sub, anchor, lngLat }, i) => {
    const kind = random.pickWeighted(KINDS, [0.5, 0.25, 0.25]);
    const validUntil = addDays(PERMIT_REFERENCE_DATE, random.int(-20, 120));
    return {
      kind: 'occupied_road',
      code: sequenceCode('OCC', i + 1),
      name: `${anchor.road ?? sub.shortName}${kind}占道`,
      address: nearbyDoorplate(anchor, random),
      subDistrictCode: sub.code,
      status: validUntil < PERMIT_REFERENCE_DATE ? 'expired' : 'permitted',
      attrs: {
        permit_no: `长绿容占〔2026〕${String(i + 1).padStart(4, '0')}号`,
        kind,
        valid_from: addDays(PERMIT_REFERENCE_DATE, -random.int(1, 90)),
        valid_until: validUntil,
        area_m2: kind === '施工' ? random.int(20, 300) : random.int(2, 30),
      },
      synthetic: true,
      geocodeQuality: null,
      geometry: pointGeometry(lngLat),
    };
  });
}
