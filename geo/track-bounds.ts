/**
 * The box a replayed track fits in, for flying the map to it: Turf's bbox of its points, widened to at least
 * `minSpanDeg` on each axis so a unit that stood still (all fixes in one place) is shown at street zoom, not the
 * map's maximum. Null for a track without fixes.
 */
import { bbox, multiPoint } from '@turf/turf';

export type Bounds = [west: number, south: number, east: number, north: number];

export function trackBounds(points: ReadonlyArray<{ lng: number; lat: number }>, minSpanDeg = 0.004): Bounds | null {
  if (points.length === 0) return null;
  const [w, s, e, n] = bbox(multiPoint(points.map((p) => [p.lng, p.lat])));
  const padLng = Math.max(0, (minSpanDeg - (e - w)) / 2);
  const padLat = Math.max(0, (minSpanDeg - (n - s)) / 2);
  return [w - padLng, s - padLat, e + padLng, n + padLat];
}
