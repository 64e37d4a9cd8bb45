import { describe, expect, it } from 'vitest';
import { distance } from '@turf/turf';
import { metres, summarizeTrack } from './track';

const T0 = Date.parse('2026-12-03T08:00:00+08:00');
const M = 1 / 111_195;

describe('track summary', () => {
  it('finds a stop between two drives, its place and its length, and the distance driven', () => {
    const fixes = [
      ...Array.from({ length: 10 }, (_, i) => ({ lng: 121.4, lat: 31.2 + i * 100 * M, at: T0 + i * 10_000, speedMps: null })),
      // Parked 5 minutes at 900 m, one fix a minute with a few metres of jitter.
      ...Array.from({ length: 6 }, (_, i) => ({
        lng: 121.4,
        lat: 31.2 + (900 + (i % 2) * 4) * M,
        at: T0 + 90_000 + (i + 1) * 60_000,
        speedMps: 0,
      })),
      { lng: 121.4, lat: 31.2 + 1200 * M, at: T0 + 90_000 + 7 * 60_000, speedMps: 8 },
    ];
    const track = summarizeTrack(fixes);
    expect(track.stops).toHaveLength(1);
    expect(track.stops[0].from).toBe(T0 + 90_000);
    expect(track.stops[0].to).toBe(T0 + 90_000 + 6 * 60_000);
    expect(track.distanceM).toBeGreaterThan(1190);
    expect(track.distanceM).toBeLessThan(1240);
    // Derived speed: 100 m in 10 s.
    expect(track.points[1].speedMps).toBeCloseTo(10, 1);
    expect(track.points.at(-1)!.speedMps).toBe(8);
  });

  it('has no stop for a unit that never stands still', () => {
    const fixes = Array.from({ length: 30 }, (_, i) => ({ lng: 121.4, lat: 31.2 + i * 50 * M, at: T0 + i * 10_000, speedMps: 5 }));
    expect(summarizeTrack(fixes).stops).toEqual([]);
  });

  it('handles an empty track', () => {
    expect(summarizeTrack([])).toEqual({ points: [], stops: [], distanceM: 0 });
  });

  it('measures a distance exactly as @turf/distance does', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 1000; i++) {
      const a = { lng: 121 + random(), lat: 31 + random(), at: 0, speedMps: null };
      const b = {
        lng: a.lng + (random() - 0.5) * 10 ** -(1 + (i % 5)),
        lat: a.lat + (random() - 0.5) * 10 ** -(1 + (i % 5)),
        at: 0,
        speedMps: null,
      };
      expect(metres(a, b)).toBe(distance([a.lng, a.lat], [b.lng, b.lat], { units: 'meters' }));
    }
    expect(metres({ lng: -179.5, lat: -80, at: 0, speedMps: null }, { lng: 179.5, lat: 85, at: 0, speedMps: null })).toBe(
      distance([-179.5, -80], [179.5, 85], { units: 'meters' }),
    );
  });
});
