import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { areaSquareMeters, intersectAreas, isInArea, pointOnSurface } from './area';

const square = (x0: number, y0: number, size: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x0 + size, y0],
      [x0 + size, y0 + size],
      [x0, y0 + size],
      [x0, y0],
    ],
  ],
});

// A "U": its centroid falls in the notch, outside the shape.
const uShape: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [121.4, 31.2],
      [121.43, 31.2],
      [121.43, 31.23],
      [121.42, 31.23],
      [121.42, 31.205],
      [121.41, 31.205],
      [121.41, 31.23],
      [121.4, 31.23],
      [121.4, 31.2],
    ],
  ],
};

describe('isInArea', () => {
  it('tells inside from outside, edge included', () => {
    const area = square(121.4, 31.2, 0.01);
    expect(isInArea([121.405, 31.205], area)).toBe(true);
    expect(isInArea([121.4, 31.205], area)).toBe(true);
    expect(isInArea([121.42, 31.205], area)).toBe(false);
  });

  it('refuses a swapped or projected pair', () => {
    expect(() => isInArea([31.2, 121.4], square(121.4, 31.2, 0.01))).toThrow(/latitude/);
    expect(() => isInArea([12345678, 3456789], square(121.4, 31.2, 0.01))).toThrow(/longitude/);
  });
});

describe('pointOnSurface', () => {
  it('returns the centroid of a convex area', () => {
    const [lng, lat] = pointOnSurface(square(121.4, 31.2, 0.02));
    expect(lng).toBeCloseTo(121.41, 6);
    expect(lat).toBeCloseTo(31.21, 6);
  });

  it('stays on the surface where the centroid would fall outside', () => {
    const point = pointOnSurface(uShape);
    expect(isInArea(point, uShape)).toBe(true);
  });

  it('works for a multi-part area', () => {
    const multi: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [square(121.4, 31.2, 0.002).coordinates, square(121.43, 31.2, 0.01).coordinates],
    };
    expect(isInArea(pointOnSurface(multi), multi)).toBe(true);
  });
});

describe('intersectAreas', () => {
  it('returns the shared part, or null', () => {
    const shared = intersectAreas(square(121.4, 31.2, 0.02), square(121.41, 31.2, 0.02));
    expect(shared).not.toBeNull();
    expect(areaSquareMeters(shared!)).toBeCloseTo(areaSquareMeters(square(121.41, 31.2, 0.01)) * 2, -4);
    expect(intersectAreas(square(121.4, 31.2, 0.01), square(121.5, 31.2, 0.01))).toBeNull();
  });
});
