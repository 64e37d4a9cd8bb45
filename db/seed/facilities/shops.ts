/**
 * Street shops under the 门前三包 duty (the frontage kept clean, green and orderly by the shop): invented names,
 * masked duty contacts and a duty grade, a few metres from real addresses.
 */
import type { Random } from '@/geo/random';
import type { SeedContext } from '../context';
import { nearbyDoorplate, sequenceCode } from '../placement';
import { maskedContact, shopName, uniqueDraw } from '../synthetic-names';
import { anchoredSpots, hasDoorplate } from './near-address';
import { pointGeometry, type PlannedFacility } from './planned-facility';

export const SHOP_COUNT = 1500;

const GRADES = ['A', 'B', 'C'] as const;

function statusFor(grade: (typeof GRADES)[number], random: Random): string {
  if (grade === 'A') return 'compliant';
  if (grade === 'B') return random.chance(0.7) ? 'compliant' : 'warned';
  return random.chance(0.5) ? 'warned' : 'violation';
}

export function planShops(context: SeedContext, random: Random): PlannedFacility[] {
  // Shops follow the streets people live and work on: split by address count only.
  const spots = anchoredSpots(context, random, {
    total: SHOP_COUNT,
    minimumEach: 20,
    weightOf: (sub) => sub.addresses.length,
    prefer: hasDoorplate,
    minMeters: 5,
    maxMeters: 40,
  });
  const takenNames = new Set<string>();
  return spots.map(({ sub, anchor, lngLat }, i) => {
    const grade = random.pickWeighted(GRADES, [0.6, 0.3, 0.1]);
    // A name already in use becomes a branch named after its road, as chains do ("鑫源便利店（长宁路店）").
    const name = uniqueDraw(() => {
      const base = shopName(random);
      return takenNames.has(base) ? `${base}（${anchor.road ?? sub.shortName}店）` : base;
    }, takenNames);
    return {
      kind: 'shop',
      code: sequenceCode('SHOP', i + 1),
      name,
      address: nearbyDoorplate(anchor, random),
      subDistrictCode: sub.code,
      status: statusFor(grade, random),
      attrs: { shop_name: name, duty_contact: maskedContact(random), sanbao_grade: grade },
      synthetic: true,
      geocodeQuality: null,
      geometry: pointGeometry(lngLat),
    };
  });
}
