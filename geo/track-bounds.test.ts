import { describe, expect, it } from 'vitest';
import { trackBounds } from './track-bounds';

describe('trackBounds', () => {
  it('is the box of the fixes when the track spans more than the minimum', () => {
    expect(
      trackBounds([
        { lng: 121.4, lat: 31.2 },
        { lng: 121.42, lat: 31.21 },
        { lng: 121.41, lat: 31.22 },
      ]),
    ).toEqual([121.4, 31.2, 121.42, 31.22]);
  });

  it('widens a track that stood still to the minimum span around it', () => {
    const [w, s, e, n] = trackBounds([{ lng: 121.4, lat: 31.2 }], 0.004)!;
    expect([e - w, n - s].map((d) => Number(d.toFixed(6)))).toEqual([0.004, 0.004]);
    expect((w + e) / 2).toBeCloseTo(121.4, 9);
  });

  it('has no box without fixes', () => {
    expect(trackBounds([])).toBeNull();
  });
});
