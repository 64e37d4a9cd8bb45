/**
 * Putting synthetic things where real things are: near a gazetteer address or beside a road, never outside the
 * sub-district's placement area. Every function takes its Random, so placement is reproducible.
 */
import { isInArea, type AreaGeometry } from '@/geo/area';
import type { LngLat } from '@/geo/lnglat';
import { offsetLngLat } from '@/geo/offset';
import type { Random } from '@/geo/random';
import type { GazetteerAddress, SeedContext } from './context';

export interface NearOptions {
  minMeters?: number;
  maxMeters?: number;
  attempts?: number;
}

/**
 * A point between `minMeters` and `maxMeters` from `anchor`, in a random direction, inside `area`. After
 * `attempts` misses (an anchor close to the edge) it returns the anchor itself when that is inside, else null.
 */
export function placeNear(anchor: LngLat, area: AreaGeometry, random: Random, options: NearOptions = {}): LngLat | null {
  const { minMeters = 0, maxMeters = 40, attempts = 12 } = options;
  for (let i = 0; i < attempts; i++) {
    const candidate = offsetLngLat(anchor, random.range(minMeters, maxMeters), random.range(0, 360));
    if (isInArea(candidate, area)) return candidate;
  }
  return isInArea(anchor, area) ? [anchor[0], anchor[1]] : null;
}

/** A gazetteer address to stand near: uniformly among those given, or among those the filter keeps when any do. */
export function pickAddress(
  addresses: readonly GazetteerAddress[],
  random: Random,
  prefer?: (address: GazetteerAddress) => boolean,
): GazetteerAddress {
  const preferred = prefer ? addresses.filter(prefer) : [];
  return random.pick(preferred.length > 0 ? preferred : addresses);
}

/**
 * A plausible doorplate a few doors from a real one on the same road and the same side (same parity):
 * "长宁路1018号" near 长宁路1033号. Falls back to the road alone, or the real address, when there is no number.
 */
export function nearbyDoorplate(address: GazetteerAddress, random: Random, maxDoors = 8): string {
  if (!address.road) return address.address;
  if (address.houseNumber === null) return address.road;
  const number = address.houseNumber + 2 * random.int(-maxDoors, maxDoors);
  return `${address.road}${number >= 1 ? number : address.houseNumber}号`;
}

/** "WC-0007": a stable code from a prefix and a 1-based sequence number. */
export function sequenceCode(prefix: string, sequence: number, digits = 4): string {
  return `${prefix}-${String(sequence).padStart(digits, '0')}`;
}

/** A date `days` after an ISO date (YYYY-MM-DD), as an ISO date. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * Throws, naming the thing, unless every position lies in the placement area of the sub-district it is filed
 * under: the last check before anything synthetic or geocoded is stored.
 */
export function assertPlaced(context: SeedContext, label: string, subDistrictCode: string, positions: readonly LngLat[]): void {
  const sub = context.subDistricts.find((s) => s.code === subDistrictCode);
  if (!sub) throw new Error(`${label}: unknown sub-district ${subDistrictCode}`);
  const outside = positions.find((p) => !isInArea(p, sub.placementArea));
  if (outside) throw new Error(`${label} has a point outside ${sub.name} (${subDistrictCode}): ${outside.join(',')}`);
}
