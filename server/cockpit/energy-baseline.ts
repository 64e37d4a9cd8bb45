/**
 * Energy against its baseline (能耗对标): the baseline of an hour is what the meter used in the same hour of the
 * same weekday over the last N weeks; a rate well above it is an anomaly that somebody must rectify. Pure, so the
 * board, the simulator and the future alarm pipeline judge alike.
 */

export interface UsageSample {
  /** Start of the interval. */
  at: Date;
  intervalSeconds: number;
  /** Used in the interval (kWh, m³). */
  value: number;
}

export interface Baseline {
  /** Mean hourly use over the weeks found, null when none of the N weeks has data for that hour. */
  perHour: number | null;
  weeksFound: number;
}

export const BASELINE_WEEKS = 4;
const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

/** Hourly use in the same hour of the week as `at`, over the `weeks` weeks before it. */
export function baselineAt(history: readonly UsageSample[], at: Date, weeks = BASELINE_WEEKS): Baseline {
  const hourStart = Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
  const perWeek: number[] = [];
  for (let w = 1; w <= weeks; w++) {
    const from = hourStart - w * WEEK_MS;
    const to = from + HOUR_MS;
    let used = 0;
    let covered = 0;
    for (const s of history) {
      const start = s.at.getTime();
      if (start >= from && start < to) {
        used += s.value;
        covered += s.intervalSeconds;
      }
    }
    // Scale a partly covered hour up to a full hour; an empty hour is missing data, not zero use.
    if (covered > 0) perWeek.push((used * 3600) / Math.min(covered, 3600));
  }
  if (perWeek.length === 0) return { perHour: null, weeksFound: 0 };
  return { perHour: perWeek.reduce((a, b) => a + b, 0) / perWeek.length, weeksFound: perWeek.length };
}

/** Hourly rate of recent samples (e.g. the last 15 minutes), null without any. */
export function ratePerHour(samples: readonly UsageSample[]): number | null {
  const seconds = samples.reduce((n, s) => n + s.intervalSeconds, 0);
  if (seconds === 0) return null;
  return (samples.reduce((n, s) => n + s.value, 0) * 3600) / seconds;
}

export type EnergyLevel = 'normal' | 'warning' | 'anomaly';

/** Above baseline by 20 % is worth a look (warning); by 40 % it is an anomaly to rectify. */
export const WARNING_EXCESS = 0.2;
export const ANOMALY_EXCESS = 0.4;

export function energyLevel(observedPerHour: number | null, baseline: Baseline): { level: EnergyLevel; excess: number | null } {
  if (observedPerHour === null || baseline.perHour === null || baseline.perHour <= 0) return { level: 'normal', excess: null };
  // Rounded so that exactly 40 % above is 40 %, not 39.999…
  const excess = Math.round((observedPerHour / baseline.perHour - 1) * 1e9) / 1e9;
  return { level: excess >= ANOMALY_EXCESS ? 'anomaly' : excess >= WARNING_EXCESS ? 'warning' : 'normal', excess };
}
