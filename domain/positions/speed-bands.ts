/**
 * Speed along a replayed track, in bands a duty officer reads at a glance (standing, working pace, driving, fast),
 * and the track cut into runs of one band each, so the map draws one coloured line per run. Pure: the legend, the
 * layer and the tests share one definition.
 */
import type { TrackPoint } from './track';

export const SPEED_BANDS = ['standing', 'working', 'driving', 'fast'] as const;
export type SpeedBand = (typeof SPEED_BANDS)[number];

/** Upper bounds in km/h of each band but the last: a sweeper works at walking pace, a compactor drives in traffic. */
export const SPEED_BAND_LIMITS_KMH: Record<Exclude<SpeedBand, 'fast'>, number> = { standing: 1, working: 12, driving: 40 };

export function speedBand(speedMps: number | null): SpeedBand {
  const kmh = (speedMps ?? 0) * 3.6;
  if (kmh < SPEED_BAND_LIMITS_KMH.standing) return 'standing';
  if (kmh < SPEED_BAND_LIMITS_KMH.working) return 'working';
  if (kmh < SPEED_BAND_LIMITS_KMH.driving) return 'driving';
  return 'fast';
}

export interface SpeedRun {
  band: SpeedBand;
  /** [lng, lat] positions; a run begins where the one before it ended, so the line has no gaps. */
  path: Array<[number, number]>;
}

/** The track as runs of one speed band; a leg takes the band of the speed at its end (how fast it got there). */
export function speedRuns(points: ReadonlyArray<Pick<TrackPoint, 'lng' | 'lat' | 'speedMps'>>): SpeedRun[] {
  const runs: SpeedRun[] = [];
  for (let i = 1; i < points.length; i++) {
    const band = speedBand(points[i].speedMps);
    const last = runs.at(-1);
    if (last && last.band === band) last.path.push([points[i].lng, points[i].lat]);
    else
      runs.push({
        band,
        path: [
          [points[i - 1].lng, points[i - 1].lat],
          [points[i].lng, points[i].lat],
        ],
      });
  }
  return runs;
}
