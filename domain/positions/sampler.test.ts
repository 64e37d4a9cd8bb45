import { describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLER, PositionSampler, headingChange, shouldKeep } from './sampler';

const T0 = Date.parse('2026-12-03T08:00:00+08:00');
// ≈ 1 m of latitude.
const M = 1 / 111_195;

describe('position sampler', () => {
  it('keeps the first fix, then skips a parked unit until the interval passes', () => {
    const sampler = new PositionSampler();
    const kept = [];
    for (let s = 0; s < 600; s++) {
      // GPS jitter of a few metres around one spot.
      kept.push(
        sampler.offer(1, { lng: 121.4, lat: 31.2 + ((s % 5) - 2) * M, recordedAt: T0 + s * 1000, speedMps: 0, headingDeg: (s * 37) % 360 }),
      );
    }
    // Ten minutes parked cost one fix a minute: 600 reports → 10 rows.
    expect(kept.filter(Boolean)).toHaveLength(600 / DEFAULT_SAMPLER.maxIntervalS);
  });

  it('keeps a moving unit every minDistanceM', () => {
    const sampler = new PositionSampler();
    let kept = 0;
    // 10 m/s north for 100 s: 1 km.
    for (let s = 0; s <= 100; s++)
      if (sampler.offer(1, { lng: 121.4, lat: 31.2 + s * 10 * M, recordedAt: T0 + s * 1000, speedMps: 10, headingDeg: 0 })) kept++;
    // One fix every ~21 m: ~48 fixes for 1 km, far fewer than 101 reports but enough to keep the line.
    expect(kept).toBeGreaterThan(40);
    expect(kept).toBeLessThan(60);
  });

  it('keeps a turn even within the distance threshold, but not a parked unit’s heading noise', () => {
    const last = { lng: 121.4, lat: 31.2, recordedAt: T0, speedMps: 5, headingDeg: 350 };
    expect(shouldKeep(last, { ...last, lat: 31.2 + 5 * M, recordedAt: T0 + 1000, headingDeg: 40 })).toBe(true);
    expect(shouldKeep(last, { ...last, lat: 31.2 + 5 * M, recordedAt: T0 + 1000, headingDeg: 5 })).toBe(false);
    expect(shouldKeep(last, { ...last, recordedAt: T0 + 1000, speedMps: 0, headingDeg: 170 })).toBe(false);
  });

  it('never keeps a fix older than the last kept one (a device resending)', () => {
    const last = { lng: 121.4, lat: 31.2, recordedAt: T0, speedMps: 5, headingDeg: 0 };
    expect(shouldKeep(last, { ...last, lat: 31.3, recordedAt: T0 - 1000 })).toBe(false);
  });

  it('measures heading change the short way round', () => {
    expect(headingChange(350, 10)).toBe(20);
    expect(headingChange(10, 350)).toBe(20);
    expect(headingChange(0, 180)).toBe(180);
  });

  it('keeps units apart', () => {
    const sampler = new PositionSampler();
    const fix = { lng: 121.4, lat: 31.2, recordedAt: T0, speedMps: 0, headingDeg: 0 };
    expect(sampler.offer(1, fix)).toBe(true);
    expect(sampler.offer(2, fix)).toBe(true);
    expect(sampler.offer(1, { ...fix, recordedAt: T0 + 1000 })).toBe(false);
  });
});
