import { distance } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { offsetLngLat } from './offset';

describe('offsetLngLat', () => {
  it('moves the asked distance along the bearing', () => {
    const origin: [number, number] = [121.42, 31.22];
    const north = offsetLngLat(origin, 40, 0);
    expect(north[0]).toBeCloseTo(121.42, 9);
    expect(north[1]).toBeGreaterThan(31.22);
    expect(distance(origin, north, { units: 'meters' })).toBeCloseTo(40, 3);
    const east = offsetLngLat(origin, 25, 90);
    expect(east[0]).toBeGreaterThan(121.42);
    expect(distance(origin, east, { units: 'meters' })).toBeCloseTo(25, 3);
  });

  it('returns a copy of the origin for zero metres and refuses nonsense', () => {
    expect(offsetLngLat([121.4, 31.2], 0, 45)).toEqual([121.4, 31.2]);
    expect(() => offsetLngLat([121.4, 31.2], -1, 0)).toThrow(/distanceMeters/);
    expect(() => offsetLngLat([121.4, 131.2], 1, 0)).toThrow(/latitude/);
  });
});
