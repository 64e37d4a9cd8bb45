import { describe, expect, it } from 'vitest';
import { baselineAt, energyLevel, ratePerHour, type UsageSample } from './energy-baseline';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
const now = new Date('2026-11-22T10:20:00Z');
const hourStart = new Date('2026-11-22T10:00:00Z').getTime();

function hourly(weeksBack: number, value: number, offsetHours = 0): UsageSample {
  return { at: new Date(hourStart - weeksBack * WEEK + offsetHours * HOUR), intervalSeconds: 3600, value };
}

describe('baselineAt', () => {
  it('averages the same hour of the same weekday over the last weeks, ignoring other hours', () => {
    const history = [hourly(1, 100), hourly(2, 120), hourly(3, 80), hourly(4, 100), hourly(1, 999, 1), hourly(5, 999)];
    expect(baselineAt(history, now, 4)).toEqual({ perHour: 100, weeksFound: 4 });
  });

  it('treats a missing week as missing, not as zero use, and scales partial hours', () => {
    const partial: UsageSample = { at: new Date(hourStart - 2 * WEEK), intervalSeconds: 1800, value: 60 };
    expect(baselineAt([hourly(1, 100), partial], now, 4)).toEqual({ perHour: 110, weeksFound: 2 });
    expect(baselineAt([], now, 4)).toEqual({ perHour: null, weeksFound: 0 });
  });
});

describe('energyLevel', () => {
  it('warns from 20 % above baseline and raises an anomaly from 40 %', () => {
    const baseline = { perHour: 100, weeksFound: 4 };
    expect(energyLevel(110, baseline).level).toBe('normal');
    expect(energyLevel(125, baseline).level).toBe('warning');
    expect(energyLevel(140, baseline)).toEqual({ level: 'anomaly', excess: expect.closeTo(0.4, 6) as number });
    expect(energyLevel(500, { perHour: null, weeksFound: 0 }).level).toBe('normal');
  });

  it('computes a rate per hour from short intervals', () => {
    expect(
      ratePerHour([
        { at: now, intervalSeconds: 5, value: 0.2 },
        { at: now, intervalSeconds: 5, value: 0.3 },
      ]),
    ).toBeCloseTo(180);
    expect(ratePerHour([])).toBeNull();
  });
});
