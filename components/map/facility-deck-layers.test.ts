import { describe, expect, it } from 'vitest';
import { buildFacilityDeckLayers, pickedFacilityIndex } from './facility-deck-layers';
import type { CompactFacilityLayer } from './map-types';

const lights: CompactFacilityLayer = {
  kind: 'light',
  geometry: 'point',
  count: 2,
  ids: [11, 12],
  names: ['灯 1', '灯 2'],
  statuses: ['on'],
  status: [0, 0],
  subDistricts: ['310105001'],
  subDistrict: [0, 0],
  synthetic: [1, 1],
  positions: [121.4, 31.2, 121.41, 31.21],
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
  count: 1,
  ids: [21],
  names: ['路段'],
  status: [0],
  subDistrict: [0],
  synthetic: [1],
  positions: [],
  paths: [[[121.4, 31.2, 121.41, 31.21]]],
  grades: ['一级'],
};

describe('facility deck layers', () => {
  it('draws loaded layers in draw order, with stable ids, and builds none that is switched off', () => {
    const both = buildFacilityDeckLayers({
      facilityLayers: { light: lights, road_segment: roads },
      visible: new Set(['lights', 'road-segments']),
      scale: 2,
      selected: null,
    });
    expect(both.map((l) => l.id)).toEqual(['onemap-road-segments', 'onemap-lights']);
    // Switched off: not built at all, so its shaders are compiled only when someone first shows it.
    const lightsOnly = buildFacilityDeckLayers({
      facilityLayers: { light: lights, road_segment: roads },
      visible: new Set(['lights']),
      scale: 2,
      selected: null,
    });
    expect(lightsOnly.map((l) => l.id)).toEqual(['onemap-lights']);
    expect(buildFacilityDeckLayers({ facilityLayers: { light: lights }, visible: new Set(), scale: 1, selected: null })).toEqual([]);
  });

  it('highlights the selected facility and reuses converted data across rebuilds', () => {
    const first = buildFacilityDeckLayers({
      facilityLayers: { light: lights },
      visible: new Set(['lights']),
      scale: 1,
      selected: { kind: 'light', id: 12 },
    });
    const second = buildFacilityDeckLayers({ facilityLayers: { light: lights }, visible: new Set(['lights']), scale: 1, selected: null });
    expect(first[0].props.highlightedObjectIndex).toBe(1);
    expect(second[0].props.highlightedObjectIndex).toBe(-1);
    expect(first[0].props.data).toEqual(second[0].props.data);
  });

  it('reads a path pick back to its facility', () => {
    expect(pickedFacilityIndex(roads, { index: 5, object: { index: 0 } })).toBe(0);
    expect(pickedFacilityIndex(lights, { index: 1 })).toBe(1);
  });
});
