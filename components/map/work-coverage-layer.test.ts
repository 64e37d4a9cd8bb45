import { describe, expect, it } from 'vitest';
import { coverageBands, coverageStateOf, type SegmentCoverageView } from './layers/work-coverage-layer';
import type { CompactFacilityLayer } from './map-types';

const roads: CompactFacilityLayer = {
  kind: 'road_segment',
  geometry: 'path',
  count: 3,
  ids: [21, 22, 23],
  names: ['天山路', '仙霞路', '古北路'],
  statuses: ['normal'],
  status: [0, 0, 0],
  subDistricts: ['310105001'],
  subDistrict: [0, 0, 0],
  synthetic: [1, 1, 1],
  positions: [],
  // The second segment has two parts: both get a band.
  paths: [
    [[121.4, 31.2, 121.41, 31.21]],
    [
      [121.42, 31.2, 121.43, 31.2],
      [121.43, 31.2, 121.44, 31.21],
    ],
    [[121.45, 31.2, 121.46, 31.2]],
  ],
  grades: ['一级', '二级', '三级'],
  polygons: [],
  areas: [],
  labels: [],
};

const view = (id: number, share: number, covered: boolean): SegmentCoverageView => ({
  id,
  share,
  covered,
  units: [],
  firstAt: null,
  lastAt: null,
});

describe('the wall coverage layer', () => {
  it('bands worked segments on their own geometry: worked, partly worked, nothing for unworked or unknown ones', () => {
    const bands = coverageBands(roads, [view(21, 0.92, true), view(22, 0.4, false), view(23, 0, false), view(99, 1, true)]);
    expect(bands.map((b) => [b.index, b.state])).toEqual([
      [0, 'covered'],
      [1, 'partial'],
      [1, 'partial'],
    ]);
    expect(bands[2].path).toEqual([121.43, 31.2, 121.44, 31.21]);
  });

  it('has no bands before the road layer arrives, and reads a missing segment as not worked', () => {
    expect(coverageBands(undefined, [view(21, 1, true)])).toEqual([]);
    expect(coverageStateOf(undefined)).toBe('none');
  });
});
