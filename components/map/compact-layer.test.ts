import { describe, expect, it } from 'vitest';
import { facilityAt, statusCounts, toAreaData, toAreaLabels, toPathData, toPointData, withStatus } from './compact-layer';
import type { CompactFacilityLayer } from './map-types';
import { statusColour } from './status-colours';

const lights: CompactFacilityLayer = {
  kind: 'light',
  geometry: 'point',
  count: 3,
  ids: [11, 12, 13],
  names: ['灯 1', '灯 2', '灯 3'],
  statuses: ['on', 'fault'],
  status: [0, 1, 0],
  subDistricts: ['310105001', '310105102'],
  subDistrict: [0, 0, 1],
  synthetic: [1, 1, 0],
  positions: [121.4, 31.2, 121.41, 31.21, 121.42, 31.22],
  paths: [],
  grades: [],
  polygons: [],
  areas: [],
  labels: [],
};

const roads: CompactFacilityLayer = {
  ...lights,
  kind: 'road_segment',
  geometry: 'path',
  count: 2,
  ids: [21, 22],
  names: ['路段 1', '路段 2'],
  statuses: ['normal'],
  status: [0, 0],
  subDistrict: [0, 1],
  synthetic: [1, 1],
  positions: [],
  paths: [
    [[121.4, 31.2, 121.41, 31.21]],
    [
      [121.42, 31.22, 121.43, 31.23],
      [121.44, 31.24, 121.45, 31.25],
    ],
  ],
  grades: ['一级', '二级'],
};

describe('compact facility layers', () => {
  it('become typed arrays of positions and per-status colours', () => {
    const data = toPointData(lights);
    expect(data.length).toBe(3);
    expect(data.positions).toBeInstanceOf(Float64Array);
    expect([...data.positions.slice(2, 4)]).toEqual([121.41, 31.21]);
    expect([...data.colours.slice(4, 8)]).toEqual(statusColour('light', 'fault'));
    expect([...data.colours.slice(0, 4)]).toEqual(statusColour('light', 'on'));
  });

  it('become one path per line part, coloured by cleaning grade', () => {
    const paths = toPathData(roads);
    expect(paths.map((p) => p.index)).toEqual([0, 1, 1]);
    expect(paths[0].colour).not.toEqual(paths[1].colour);
    expect(toPathData(lights)).toEqual([]);
  });

  it('read one facility back by index', () => {
    expect(facilityAt(lights, 1)).toEqual({
      id: 12,
      kind: 'light',
      name: '灯 2',
      status: 'fault',
      subDistrictCode: '310105001',
      synthetic: true,
      position: [121.41, 31.21],
      grade: '',
      areaSquareMeters: null,
    });
    expect(facilityAt(roads, 1)?.position).toBeNull();
    expect(facilityAt(lights, 3)).toBeNull();
  });

  it('turn parks into polygon parts that pick their park, labelled only where they have a name', () => {
    const ring = [121.41, 31.22, 121.42, 31.22, 121.42, 31.23, 121.41, 31.22];
    const parks: CompactFacilityLayer = {
      ...lights,
      kind: 'park',
      geometry: 'polygon',
      count: 2,
      ids: [31, 32],
      names: ['中山公园', '绿地（近长宁路1号）'],
      statuses: ['open'],
      status: [0, 0],
      subDistrict: [0, 0],
      synthetic: [0, 0],
      positions: [121.415, 31.225, 121.43, 31.23],
      polygons: [[[ring], [ring]], [[ring]]],
      areas: [210_000, 900],
      labels: ['中山公园', ''],
    };
    const areas = toAreaData(parks);
    expect(areas.map((a) => a.index)).toEqual([0, 0, 1]);
    expect(areas[0].rings[0][1]).toEqual([121.42, 31.22]);
    expect(toAreaLabels(parks)).toEqual([{ index: 0, text: '中山公园', position: [121.415, 31.225] }]);
    expect(facilityAt(parks, 0)).toMatchObject({ name: '中山公园', areaSquareMeters: 210_000, position: [121.415, 31.225] });
    expect(toAreaData(lights)).toEqual([]);
  });

  it('take a live status change without touching the original', () => {
    const off = withStatus(lights, 13, 'off');
    expect(facilityAt(off, 2)?.status).toBe('off');
    expect(facilityAt(lights, 2)?.status).toBe('on');
    expect(withStatus(off, 11, 'fault').statuses).toEqual(['on', 'fault', 'off']);
    expect(withStatus(lights, 99, 'off')).toBe(lights);
    expect(withStatus(lights, 11, 'on')).toBe(lights);
  });

  it('count facilities per status for the legend', () => {
    expect(statusCounts(lights)).toEqual([
      { status: 'on', count: 2 },
      { status: 'fault', count: 1 },
    ]);
  });
});
