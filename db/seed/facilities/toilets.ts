/** Public toilets (公厕): grade, seats and opening hours, near real addresses. */
import type { Random } from '@/geo/random';
import type { SeedContext } from '../context';
import { nearbyDoorplate, sequenceCode } from '../placement';
import { anchoredSpots, hasDoorplate } from './near-address';
import { pointGeometry, type PlannedFacility } from './planned-facility';

export const TOILET_COUNT = 150;

const GRADES = ['一类', '二类', '三类'] as const;
const SEATS_BY_GRADE: Record<(typeof GRADES)[number], [number, number]> = { 一类: [12, 20], 二类: [8, 14], 三类: [4, 8] };
const OPENING_HOURS = ['24小时', '05:00-23:00', '06:00-22:00'];

export function planToilets(context: SeedContext, random: Random): PlannedFacility[] {
  const spots = anchoredSpots(context, random, { total: TOILET_COUNT, minimumEach: 5, prefer: hasDoorplate, minMeters: 10, maxMeters: 40 });
  return spots.map(({ sub, anchor, lngLat }, i) => {
    const grade = random.pickWeighted(GRADES, [0.15, 0.5, 0.35]);
    const [fewestSeats, mostSeats] = SEATS_BY_GRADE[grade];
    const address = nearbyDoorplate(anchor, random);
    return {
      kind: 'toilet',
      code: sequenceCode('WC', i + 1),
      name: `${address}公厕`,
      address,
      subDistrictCode: sub.code,
      status: random.pickWeighted(['open', 'cleaning', 'closed'], [0.85, 0.1, 0.05]),
      attrs: {
        type: grade,
        seats: random.int(fewestSeats, mostSeats),
        opening_hours: random.pickWeighted(OPENING_HOURS, [0.4, 0.4, 0.2]),
        accessible: grade !== '三类' || random.chance(0.4),
      },
      synthetic: true,
      geocodeQuality: null,
      geometry: pointGeometry(lngLat),
    };
  });
}
