/** Moving a point by a distance in metres along a compass bearing, on the spheroid. */
import { destination } from '@turf/turf';
import { assertLngLat, type LngLat } from './lnglat';

/** The point `distanceMeters` from `origin` towards `bearingDeg` (0 = north, 90 = east). */
export function offsetLngLat(origin: LngLat, distanceMeters: number, bearingDeg: number): LngLat {
  assertLngLat(origin, 'origin');
  if (!Number.isFinite(distanceMeters) || distanceMeters < 0) {
    throw new RangeError(`distanceMeters must be a finite number ≥ 0, got ${distanceMeters}`);
  }
  if (!Number.isFinite(bearingDeg)) throw new RangeError(`bearingDeg must be a finite number, got ${bearingDeg}`);
  if (distanceMeters === 0) return [origin[0], origin[1]];
  return destination(origin, distanceMeters, bearingDeg, { units: 'meters' }).geometry.coordinates as LngLat;
}
