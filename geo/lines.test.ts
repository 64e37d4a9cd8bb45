import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { isInArea } from './area';
import { clipLineToArea, cutLineIntoPieces, lineLengthMeters, pointAlongLine, polylinesOf, type Polyline } from './lines';

const box: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [121.4, 31.2],
      [121.42, 31.2],
      [121.42, 31.22],
      [121.4, 31.22],
      [121.4, 31.2],
    ],
  ],
};
// About 2.85 km east–west along 31.21°N, crossing the box (≈1.9 km wide).
const eastWest: Polyline = [
  [121.395, 31.21],
  [121.41, 31.21],
  [121.425, 31.21],
];

describe('lineLengthMeters and pointAlongLine', () => {
  it('measures on the spheroid', () => {
    // One degree of longitude at 31.21°N is about 95.3 km.
    expect(lineLengthMeters(eastWest)).toBeGreaterThan(2840);
    expect(lineLengthMeters(eastWest)).toBeLessThan(2880);
  });

  it('finds the point and heading at a distance, clamped to the ends', () => {
    const { lngLat, headingDeg } = pointAlongLine(eastWest, 100);
    expect(lngLat[1]).toBeCloseTo(31.21, 6);
    expect(lngLat[0]).toBeGreaterThan(121.395);
    expect(headingDeg).toBeCloseTo(90, 0);
    expect(pointAlongLine(eastWest, 1e9).lngLat).toEqual([121.425, 31.21]);
    expect(pointAlongLine(eastWest, -5).lngLat).toEqual([121.395, 31.21]);
  });
});

describe('clipLineToArea', () => {
  it('keeps the stretch inside, with every vertex inside and ends near the edge', () => {
    const stretches = clipLineToArea(eastWest, box, 10);
    expect(stretches).toHaveLength(1);
    const [stretch] = stretches;
    stretch.forEach((p) => expect(isInArea(p, box)).toBe(true));
    expect(stretch[0][0]).toBeLessThan(121.4 + 0.0002);
    expect(stretch[stretch.length - 1][0]).toBeGreaterThan(121.42 - 0.0002);
    // The samples are dropped again: a straight line keeps only its two ends…
    expect(stretch).toHaveLength(2);
    // …and a bent one keeps its bend.
    const bent = clipLineToArea(
      [
        [121.395, 31.21],
        [121.41, 31.215],
        [121.425, 31.21],
      ],
      box,
      10,
    )[0];
    expect(bent).toHaveLength(3);
    expect(bent[1]).toEqual([121.41, 31.215]);
  });

  it('splits a line that leaves and re-enters, and returns nothing for a line outside', () => {
    const inOutIn: Polyline = [
      [121.405, 31.21],
      [121.405, 31.225],
      [121.415, 31.225],
      [121.415, 31.21],
    ];
    expect(clipLineToArea(inOutIn, box)).toHaveLength(2);
    expect(
      clipLineToArea(
        [
          [121.5, 31.5],
          [121.6, 31.6],
        ],
        box,
      ),
    ).toEqual([]);
  });

  it('refuses a bad step', () => {
    expect(() => clipLineToArea(eastWest, box, 0)).toThrow(/stepMeters/);
  });
});

describe('cutLineIntoPieces', () => {
  it('cuts into equal pieces that add up to the whole', () => {
    const pieces = cutLineIntoPieces(eastWest, 500);
    expect(pieces).toHaveLength(6);
    const lengths = pieces.map(lineLengthMeters);
    lengths.forEach((l) => expect(l).toBeCloseTo(lengths[0], 0));
    expect(lengths.reduce((a, b) => a + b, 0)).toBeCloseTo(lineLengthMeters(eastWest), 0);
    expect(pieces[0][0]).toEqual(eastWest[0]);
  });

  it('keeps a short line whole', () => {
    expect(
      cutLineIntoPieces(
        [
          [121.4, 31.2],
          [121.4001, 31.2],
        ],
        500,
      ),
    ).toHaveLength(1);
  });
});

describe('polylinesOf', () => {
  it('flattens a MultiLineString and drops one-point parts', () => {
    expect(
      polylinesOf({
        type: 'MultiLineString',
        coordinates: [
          [
            [1, 2],
            [3, 4],
          ],
          [[5, 6]],
        ],
      }),
    ).toEqual([
      [
        [1, 2],
        [3, 4],
      ],
    ]);
  });
});
