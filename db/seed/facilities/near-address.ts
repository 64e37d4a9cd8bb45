/**
 * The common shape of the address-anchored synthetic facilities (toilets, transfer stations, shops, occupied
 * roads): a count split among the sub-districts, each thing a few metres from a real address in its own
 * sub-district.
 */
import type { LngLat } from '@/geo/lnglat';
import type { Random } from '@/geo/random';
import { apportion } from '../apportion';
import type { GazetteerAddress, SeedContext, SubDistrictSeed } from '../context';
import { pickAddress, placeNear } from '../placement';

export interface AnchoredSpot {
  sub: SubDistrictSeed;
  anchor: GazetteerAddress;
  lngLat: LngLat;
}

export interface AnchoredSpotOptions {
  total: number;
  /** Fewest per sub-district. */
  minimumEach: number;
  /** Share of each sub-district; the context's activity weight by default. */
  weightOf?: (sub: SubDistrictSeed) => number;
  /** Addresses to prefer as anchors (e.g. those on a road with a doorplate). */
  prefer?: (address: GazetteerAddress) => boolean;
  minMeters: number;
  maxMeters: number;
}

/** `total` spots, in sub-district order, each within `maxMeters` of a real address and inside its sub-district. */
export function anchoredSpots(context: SeedContext, random: Random, options: AnchoredSpotOptions): AnchoredSpot[] {
  const { total, minimumEach, weightOf = (s) => s.weight, prefer, minMeters, maxMeters } = options;
  const counts = apportion(total, context.subDistricts.map(weightOf), minimumEach);
  const spots: AnchoredSpot[] = [];
  context.subDistricts.forEach((sub, i) => {
    if (sub.addresses.length === 0) throw new Error(`No gazetteer addresses in ${sub.name} to place things near`);
    for (let placed = 0, attempts = 0; placed < counts[i]; attempts++) {
      if (attempts > counts[i] * 20) throw new Error(`Could not place ${counts[i]} things in ${sub.name}`);
      const anchor = pickAddress(sub.addresses, random, prefer);
      const lngLat = placeNear(anchor.lngLat, sub.placementArea, random, { minMeters, maxMeters });
      if (!lngLat) continue;
      spots.push({ sub, anchor, lngLat });
      placed++;
    }
  });
  return spots;
}

/** Addresses with a road and a house number: street frontage, not the inside of an estate. */
export function hasDoorplate(address: GazetteerAddress): boolean {
  return address.road !== null && address.houseNumber !== null;
}
