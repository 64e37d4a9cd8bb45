/**
 * When a sanitation road segment counts as swept or washed on a day (作业覆盖, issue 15 part 5), and when a compactor's
 * stop counts as a transfer-station trip. The defaults are the bureau's reading of "a segment was worked": a
 * sweeper's or washer's track within 15 m of it along at least 80 % of its length at working speed (≤ 15 km/h);
 * a compactor stopped at least 3 minutes within 50 m of a transfer station. A supervisor may tighten or loosen
 * each within the bounds below.
 */
import { z } from 'zod';

export const coverageRuleSchema = z.object({
  /** How far from the segment's centre line a track still works it (a road's half width plus GPS error). */
  bufferM: z.number().min(3).max(50).default(15),
  /** The share of the segment's length the tracks must cover. */
  minShare: z.number().min(0.1).max(1).default(0.8),
  /** Faster than this, a vehicle is driving past, not working. */
  maxSpeedKmh: z.number().min(3).max(40).default(15),
  /**
   * Two fixes further apart in time than this are not joined into one pass (a gap in the track). The history keeps
   * a fix at least once a minute (POSITION_SAMPLE_INTERVAL_S), so the default leaves room for one late report.
   */
  maxGapS: z.number().int().min(5).max(300).default(90),
  /** A compactor's stop at a station: how near and how long. */
  stationRadiusM: z.number().min(10).max(200).default(50),
  minStopS: z.number().int().min(30).max(3600).default(180),
});
export type CoverageRule = z.infer<typeof coverageRuleSchema>;
export const DEFAULT_COVERAGE_RULE: CoverageRule = coverageRuleSchema.parse({});

/**
 * Metres per degree at Changning's latitude (31.2° N), for a local plane: within a district the error of this
 * equirectangular plane is far below GPS error, and it needs no projection library in the database.
 */
export const METRES_PER_DEGREE = { lng: 95_170, lat: 110_950 } as const;

/** A degree distance at least `metres` in every direction, for an index prefilter before the exact test. */
export function degreesCovering(metres: number): number {
  return metres / METRES_PER_DEGREE.lng;
}
