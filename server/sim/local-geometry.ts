/**
 * City-scale geometry for the simulator: a local equirectangular approximation around Changning's latitude,
 * good to a few centimetres over 20 km and far cheaper than geodesics for 550 units a second. Coordinates are
 * [lng, lat] WGS84; distances are metres.
 */
import type { LngLat } from '@/db/st';

const EARTH_RADIUS_M = 6_371_008.8;
const DEG = Math.PI / 180;
/** Changning's latitude: the scale of a longitude degree is fixed here. */
const REFERENCE_LAT = 31.21;
const M_PER_DEG_LAT = EARTH_RADIUS_M * DEG;
const M_PER_DEG_LNG = M_PER_DEG_LAT * Math.cos(REFERENCE_LAT * DEG);

export function metresBetween(a: LngLat, b: LngLat): number {
  const dx = (b[0] - a[0]) * M_PER_DEG_LNG;
  const dy = (b[1] - a[1]) * M_PER_DEG_LAT;
  return Math.hypot(dx, dy);
}

/** Degrees clockwise from north, 0…360. */
export function bearingDeg(from: LngLat, to: LngLat): number {
  const dx = (to[0] - from[0]) * M_PER_DEG_LNG;
  const dy = (to[1] - from[1]) * M_PER_DEG_LAT;
  return (Math.atan2(dx, dy) / DEG + 360) % 360;
}

/** The point a fraction `t` (0…1) of the way from a to b. */
export function interpolate(a: LngLat, b: LngLat, t: number): [number, number] {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

export const kmhToMps = (kmh: number) => kmh / 3.6;
