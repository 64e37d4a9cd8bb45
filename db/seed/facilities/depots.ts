/**
 * Depots (车队 fleet yards and 停车场 parking lots) where vehicles start and staff report: one fleet yard per
 * sub-district, and the extra parking lots in the largest sub-districts.
 */
import { areaSquareMeters } from '@/geo/area';
import type { LngLat } from '@/geo/lnglat';
import type { Random } from '@/geo/random';
import type { GazetteerAddress, SeedContext } from '../context';
import { nearbyDoorplate, pickAddress, placeNear, sequenceCode } from '../placement';
import { pointGeometry, type PlannedFacility } from './planned-facility';

export const DEPOT_COUNT = 12;

export function planDepots(context: SeedContext, random: Random): PlannedFacility[] {
  const extraLots = DEPOT_COUNT - context.subDistricts.length;
  const largest = [...context.subDistricts]
    .sort((a, b) => areaSquareMeters(b.placementArea) - areaSquareMeters(a.placementArea))
    .slice(0, Math.max(0, extraLots))
    .map((s) => s.code);

  const depots: PlannedFacility[] = [];
  for (const sub of context.subDistricts) {
    const types: ('车队' | '停车场')[] = largest.includes(sub.code) ? ['车队', '停车场'] : ['车队'];
    for (const type of types) {
      let anchor: GazetteerAddress | undefined;
      let position: LngLat | null = null;
      for (let attempt = 0; !position && attempt < 20; attempt++) {
        anchor = pickAddress(sub.addresses, random);
        position = placeNear(anchor.lngLat, sub.placementArea, random, { minMeters: 10, maxMeters: 40 });
      }
      if (!position || !anchor) throw new Error(`No place for a depot in ${sub.name}`);
      depots.push({
        kind: 'depot',
        code: sequenceCode('DEPOT', depots.length + 1, 2),
        name: `${sub.shortName}环卫${type}`,
        address: nearbyDoorplate(anchor, random),
        subDistrictCode: sub.code,
        status: 'open',
        attrs: { type, capacity_vehicles: random.int(20, 40) },
        synthetic: true,
        geocodeQuality: null,
        geometry: pointGeometry(position),
      });
    }
  }
  return depots;
}
