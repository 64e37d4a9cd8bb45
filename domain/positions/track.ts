/**
 * What a replay shows of one unit's stored fixes: each fix with the speed it was moving at (the device's own, or
 * derived from the distance to the previous fix when it sent none), the stops (stayed within `stopRadiusM` for at
 * least `minStopS`) and the distance covered. Pure, so the server and a time slider compute the same thing.
 */
export interface TrackFix {
  lng: number;
  lat: number;
  /** Epoch ms. */
  at: number;
  speedMps: number | null;
}

export interface TrackPoint extends TrackFix {
  /** Device speed, else distance / time from the previous fix; null for the first fix without a device speed. */
  speedMps: number | null;
}

export interface TrackStop {
  lng: number;
  lat: number;
  from: number;
  to: number;
}

export interface TrackSummary {
  points: TrackPoint[];
  stops: TrackStop[];
  distanceM: number;
}

export const STOP_RADIUS_M = 30;
export const MIN_STOP_S = 120;

/** Turf's earth radius (m) for distance in metres. */
const EARTH_RADIUS_M = 6371008.8;
const radians = (degrees: number) => ((degrees % 360) * Math.PI) / 180;

/**
 * Metres between two fixes: @turf/distance's haversine, the same operations in the same order (so the same result to
 * the last bit, track.test.ts checks), without the two coordinate arrays and option object it would cost a call.
 */
export function metres(a: TrackFix, b: TrackFix): number {
  const dLat = radians(b.lat - a.lat);
  const dLon = radians(b.lng - a.lng);
  const h = Math.pow(Math.sin(dLat / 2), 2) + Math.pow(Math.sin(dLon / 2), 2) * Math.cos(radians(a.lat)) * Math.cos(radians(b.lat));
  return 2 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h)) * EARTH_RADIUS_M;
}

export function summarizeTrack(fixes: readonly TrackFix[], stopRadiusM = STOP_RADIUS_M, minStopS = MIN_STOP_S): TrackSummary {
  const points: TrackPoint[] = [];
  const stops: TrackStop[] = [];
  let distanceM = 0;
  let anchor = 0;
  const closeStop = (end: number) => {
    const a = fixes[anchor];
    const b = fixes[end];
    if (end > anchor && b.at - a.at >= minStopS * 1000) stops.push({ lng: a.lng, lat: a.lat, from: a.at, to: b.at });
  };
  for (let i = 0; i < fixes.length; i++) {
    const fix = fixes[i];
    let speed = fix.speedMps;
    if (i > 0) {
      const d = metres(fixes[i - 1], fix);
      distanceM += d;
      const dt = (fix.at - fixes[i - 1].at) / 1000;
      if (speed === null && dt > 0) speed = d / dt;
      // A stop lasts while fixes stay near where it began.
      if (metres(fixes[anchor], fix) > stopRadiusM) {
        closeStop(i - 1);
        anchor = i;
      }
    }
    // Only the point's own fields: a fix read from the history carries more (its source), which the reply does not.
    points.push({ lng: fix.lng, lat: fix.lat, at: fix.at, speedMps: speed });
  }
  if (fixes.length > 0) closeStop(fixes.length - 1);
  return { points, stops, distanceM };
}
