import { lineString, point, pointToLineDistance } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { deriveApproximateStreets, isStreetName } from './approximate-streets';
import type { LngLat } from './lnglat';
import { offsetLngLat } from './offset';

const metersToLine = (at: LngLat, line: LngLat[]) => pointToLineDistance(point(at), lineString(line), { units: 'meters' });

/** Doorplates every 100 m along an east–west street at 31.21°N, set back 40 m alternately north and south. */
function eastWestStreet(name: string, from: LngLat, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    road: name,
    lngLat: offsetLngLat(offsetLngLat(from, i * 100, 90), 40, i % 2 ? 0 : 180),
  }));
}

describe('approximate streets from addressed points', () => {
  it('draws a straight street down the middle of doorplates set back on both sides', () => {
    const points = eastWestStreet('测试路', [121.4, 31.21], 12);
    const [street, ...rest] = deriveApproximateStreets(points, []);
    expect(rest).toEqual([]);
    expect(street.name).toBe('测试路');
    expect(street.points).toBe(12);
    for (const p of [0, 0.3, 0.6, 1].map((f) => offsetLngLat([121.4, 31.21], f * 1100, 90))) {
      expect(metersToLine(p, street.line)).toBeLessThan(15);
    }
  });

  it('drops a doorplate filed under the road but standing far from it', () => {
    const points = [...eastWestStreet('测试路', [121.4, 31.21], 10), { road: '测试路', lngLat: offsetLngLat([121.404, 31.21], 900, 0) }];
    const [street] = deriveApproximateStreets(points, []);
    expect(street.points).toBe(10);
    expect(Math.max(...street.line.map(([, lat]) => lat))).toBeLessThan(31.2106);
  });

  it('stretches an end to the signal just ahead of it, not to one behind or off to the side', () => {
    const points = eastWestStreet('测试路', [121.4, 31.21], 6);
    const east = offsetLngLat([121.4, 31.21], 500 + 150, 90);
    const side = offsetLngLat([121.4, 31.21], 250, 0);
    const [street] = deriveApproximateStreets(points, [east, side]);
    expect(street.line[street.line.length - 1]).toEqual(east);
    expect(street.line).not.toContainEqual(side);
  });

  it('splits a road where its addresses stop for kilometres, and skips estates and lone doorplates', () => {
    const points = [
      ...eastWestStreet('测试路', [121.4, 31.21], 4),
      ...eastWestStreet('测试路', [121.45, 31.21], 4),
      ...eastWestStreet('天山二村', [121.4, 31.22], 6),
      { road: '孤单路', lngLat: [121.41, 31.2] as LngLat },
    ];
    const streets = deriveApproximateStreets(points, []);
    expect(streets.map((s) => s.name)).toEqual(['测试路', '测试路']);
    expect(isStreetName('天山二村')).toBe(false);
    expect(isStreetName('长宁支路')).toBe(true);
  });
});
