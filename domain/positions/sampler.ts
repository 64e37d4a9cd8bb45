/**
 * Which fixes go into the position history. A unit reports about once a second; storing every report would cost
 * 47 million rows a day for the district's 550 units, most of them parked. A fix is kept when the unit has moved
 * more than `minDistanceM` since the last kept fix, turned more than `minTurnDeg` while moving (so corners keep
 * their shape), or `maxIntervalS` has passed (so a parked unit still shows it was there, once a minute or so).
 * Pure: the caller keeps one `SampleState` per unit.
 */
import { distance } from '@turf/turf';

export interface SamplerThresholds {
  /** Metres moved since the last kept fix. */
  minDistanceM: number;
  /** Degrees of heading change since the last kept fix (only while moving faster than `movingMps`). */
  minTurnDeg: number;
  /** Seconds since the last kept fix. */
  maxIntervalS: number;
}

/** Defaults (POSITION_SAMPLE_DISTANCE_M, POSITION_SAMPLE_TURN_DEG, POSITION_SAMPLE_INTERVAL_S). */
export const DEFAULT_SAMPLER: SamplerThresholds = { minDistanceM: 20, minTurnDeg: 25, maxIntervalS: 60 };

/** Below this speed a heading is GPS noise, not a turn. */
export const MOVING_MPS = 1;

export interface SampleFix {
  lng: number;
  lat: number;
  /** Epoch ms. */
  recordedAt: number;
  speedMps: number | null;
  headingDeg: number | null;
}

/** The last kept fix of one unit; undefined before its first. */
export type SampleState = SampleFix | undefined;

/** Smallest angle between two headings, 0–180°. */
export function headingChange(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
}

/** Whether `fix` is kept, given the unit's last kept fix. Fixes older than the last kept one are never kept. */
export function shouldKeep(last: SampleState, fix: SampleFix, t: SamplerThresholds = DEFAULT_SAMPLER): boolean {
  if (!last) return true;
  if (fix.recordedAt <= last.recordedAt) return false;
  if (fix.recordedAt - last.recordedAt >= t.maxIntervalS * 1000) return true;
  if (distance([last.lng, last.lat], [fix.lng, fix.lat], { units: 'meters' }) > t.minDistanceM) return true;
  const moving = (fix.speedMps ?? 0) >= MOVING_MPS;
  return moving && fix.headingDeg !== null && last.headingDeg !== null && headingChange(last.headingDeg, fix.headingDeg) > t.minTurnDeg;
}

/** Keeps per-unit state and answers which fixes to store. */
export class PositionSampler {
  private readonly last = new Map<number, SampleFix>();

  constructor(private readonly thresholds: SamplerThresholds = DEFAULT_SAMPLER) {}

  /** True when the fix is kept (and becomes the unit's reference). */
  offer(unitId: number, fix: SampleFix): boolean {
    if (!shouldKeep(this.last.get(unitId), fix, this.thresholds)) return false;
    this.last.set(unitId, { lng: fix.lng, lat: fix.lat, recordedAt: fix.recordedAt, speedMps: fix.speedMps, headingDeg: fix.headingDeg });
    return true;
  }
}
