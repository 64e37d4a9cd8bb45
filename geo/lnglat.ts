/**
 * The coordinate pair every geo/ function speaks: [lng, lat] in WGS84 degrees, validated at the boundary so a
 * swapped or projected pair fails loudly instead of drawing a point in the sea.
 */
export type LngLat = [lng: number, lat: number];

/** Throws a clear error unless `value` is a finite [lng, lat] pair within WGS84 range. */
export function assertLngLat(value: unknown, label = 'lngLat'): asserts value is LngLat {
  if (!Array.isArray(value) || value.length < 2) {
    throw new RangeError(`${label} must be a [lng, lat] pair, got ${JSON.stringify(value)}`);
  }
  const [lng, lat] = value as unknown[];
  if (typeof lng !== 'number' || !Number.isFinite(lng) || lng < -180 || lng > 180) {
    throw new RangeError(`${label}: longitude must be a number in [-180, 180], got ${String(lng)}`);
  }
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) {
    throw new RangeError(`${label}: latitude must be a number in [-90, 90], got ${String(lat)}`);
  }
}
