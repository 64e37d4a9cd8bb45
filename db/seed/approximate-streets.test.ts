/**
 * The approximate streets the seed derives from the real gazetteer come out where the streets really are:
 * checked against metro stations that stand on them (OSM positions) and the OSM outline of 东华大学.
 */
import { lineString, point, pointToLineDistance } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { deriveApproximateStreets } from '@/geo/approximate-streets';
import type { LngLat } from '@/geo/lnglat';
import { buildSeedContext } from './context';
import { loadTrafficPoints } from './data-files';

const context = buildSeedContext();
const streets = deriveApproximateStreets(
  context.gazetteer.flatMap((a) => (a.road ? [{ road: a.road, lngLat: a.lngLat }] : [])),
  loadTrafficPoints()
    .filter((p) => p.fclass === 'traffic_signals' || p.fclass === 'crossing')
    .map((p) => p.lngLat),
);

/** Metres from a point to the nearest line drawn for a street. */
function metersTo(name: string, at: LngLat): number {
  const lines = streets.filter((s) => s.name === name);
  expect(lines.length, name).toBeGreaterThan(0);
  return Math.min(...lines.map((s) => pointToLineDistance(point(at), lineString(s.line), { units: 'meters' })));
}

/** The street's latitude where it crosses a meridian (for the east–west streets). */
function latitudeAt(name: string, lng: number): number {
  for (const { line } of streets.filter((s) => s.name === name)) {
    for (let i = 1; i < line.length; i++) {
      const [a, b] = [line[i - 1], line[i]];
      if ((a[0] - lng) * (b[0] - lng) <= 0 && a[0] !== b[0]) return a[1] + ((lng - a[0]) / (b[0] - a[0])) * (b[1] - a[1]);
    }
  }
  throw new Error(`${name} does not cross ${lng}°E`);
}

describe('approximate streets of Changning, from the gazetteer', () => {
  it('derives dozens of named streets', () => {
    expect(new Set(streets.map((s) => s.name)).size).toBeGreaterThan(40);
  });

  it('runs 长宁路 past 中山公园 station and 天山路 past 娄山关路 and 威宁路 stations (line 2 runs under them)', () => {
    expect(metersTo('长宁路', [121.411561, 31.220064])).toBeLessThan(150);
    expect(metersTo('天山路', [121.396759, 31.21337])).toBeLessThan(150);
    expect(metersTo('天山路', [121.382677, 31.216784])).toBeLessThan(150);
  });

  it('runs 虹桥路 past 宋园路 station and 延安西路 along the north edge of 东华大学 (31.2034–31.2096°N at 121.41°E)', () => {
    expect(metersTo('虹桥路', [121.407902, 31.198344])).toBeLessThan(150);
    const lat = latitudeAt('延安西路', 121.41);
    expect(lat).toBeGreaterThan(31.205);
    expect(lat).toBeLessThan(31.215);
  });

  it('draws 华阳路 near its doorplates 235–255号, where the complaint found a toilet with no road', () => {
    expect(metersTo('华阳路', [121.4189, 31.224])).toBeLessThan(100);
  });
});
