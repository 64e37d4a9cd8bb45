import { describe, expect, it } from 'vitest';
import { speedBand, speedRuns } from './speed-bands';

const kmh = (v: number) => v / 3.6;

describe('speed bands', () => {
  it('reads a speed as standing, working pace, driving or fast', () => {
    expect(speedBand(null)).toBe('standing');
    expect(speedBand(kmh(0.5))).toBe('standing');
    expect(speedBand(kmh(5))).toBe('working');
    expect(speedBand(kmh(12))).toBe('driving');
    expect(speedBand(kmh(39))).toBe('driving');
    expect(speedBand(kmh(60))).toBe('fast');
  });

  it('cuts a track into runs of one band that join end to start', () => {
    const p = (lng: number, speed: number) => ({ lng, lat: 31.2, speedMps: kmh(speed) });
    const runs = speedRuns([p(0, 0), p(1, 5), p(2, 6), p(3, 30), p(4, 4)]);
    expect(runs.map((r) => r.band)).toEqual(['working', 'driving', 'working']);
    expect(runs.map((r) => r.path.map(([lng]) => lng))).toEqual([
      [0, 1, 2],
      [2, 3],
      [3, 4],
    ]);
  });

  it('has no runs for a track of one fix or none', () => {
    expect(speedRuns([])).toEqual([]);
    expect(speedRuns([{ lng: 1, lat: 2, speedMps: 3 }])).toEqual([]);
  });
});
