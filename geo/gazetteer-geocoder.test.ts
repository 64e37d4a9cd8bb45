import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { isInArea } from './area';
import { createGazetteerGeocoder, geocodeAddress, type GazetteerEntry, type SubDistrictArea } from './gazetteer-geocoder';

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

// Two neighbouring sub-districts; 长宁路 runs through both, as real roads do.
const west: SubDistrictArea = { name: '西街道', geometry: square(121.4, 31.2, 0.01) };
const east: SubDistrictArea = { name: '东街道', geometry: square(121.41, 31.2, 0.01) };
const subDistricts = [west, east];

const entries: GazetteerEntry[] = [
  { address: '长宁路100号', lngLat: [121.402, 31.205] },
  { address: '长宁路120弄3号102室', lngLat: [121.404, 31.205] },
  { address: '长宁路131号', lngLat: [121.405, 31.205] },
  { address: '长宁路500号', lngLat: [121.415, 31.205] },
  { address: '新泾一村210号', lngLat: [121.403, 31.208] },
  { address: '安化路', lngLat: [121.416, 31.207] },
  { address: '外面路1号', lngLat: [121.5, 31.5] },
];
const geocode = createGazetteerGeocoder({
  entries,
  subDistricts,
  roads: [
    {
      name: '凯旋路',
      geometry: {
        type: 'LineString',
        coordinates: [
          [121.395, 31.202],
          [121.425, 31.202],
        ],
      },
    },
  ],
});

describe('gazetteer geocoder', () => {
  it('matches road and number exactly', () => {
    expect(geocode('长宁路100号一楼大堂', '西街道')).toEqual({
      lngLat: [121.402, 31.205],
      quality: 'exact',
      matchedAddress: '长宁路100号',
    });
    expect(geocode('长宁路120弄8号', '西街道')).toMatchObject({ quality: 'exact', matchedAddress: '长宁路120弄3号102室' });
  });

  it('takes the nearest number on the same road', () => {
    // 110 is 10 from both 100 and 120: the lower number, so the answer is stable.
    expect(geocode('长宁路110号', '西街道')).toMatchObject({ quality: 'nearest_number', matchedAddress: '长宁路100号' });
    // 125 is 5 from 120 and 6 from 131.
    expect(geocode('长宁路125号', '西街道')).toMatchObject({ quality: 'nearest_number', matchedAddress: '长宁路120弄3号102室' });
  });

  it('rejects a candidate outside the named sub-district in favour of the next', () => {
    // 长宁路490号 is nearest 500, which lies in 东街道: in 西街道 the answer is the nearest number there.
    expect(geocode('长宁路490号', '西街道')).toMatchObject({ quality: 'nearest_number', matchedAddress: '长宁路131号' });
    expect(geocode('长宁路490号', '东街道')).toMatchObject({ quality: 'nearest_number', matchedAddress: '长宁路500号' });
    expect(geocode('长宁路100号', '东街道')).toMatchObject({ quality: 'nearest_number', matchedAddress: '长宁路500号' });
  });

  it('falls back to the road: a gazetteer point on it, else a mapped road line inside the sub-district', () => {
    expect(geocode('安化路500号', '东街道')).toEqual({ lngLat: [121.416, 31.207], quality: 'road', matchedAddress: '安化路' });
    const onLine = geocode('凯旋路1522号', '东街道');
    expect(onLine).toMatchObject({ quality: 'road', matchedAddress: '凯旋路' });
    expect(onLine.lngLat[1]).toBeCloseTo(31.202, 6);
    expect(isInArea(onLine.lngLat, east.geometry)).toBe(true);
  });

  it('uses the estate’s numbers, then the road the estate lies on', () => {
    expect(geocode('天山西路新泾一村144号', '西街道')).toMatchObject({ quality: 'nearest_number', matchedAddress: '新泾一村210号' });
    expect(geocode('凯旋路新泾九村5号', '东街道')).toMatchObject({ quality: 'road', matchedAddress: '凯旋路' });
  });

  it('ends at a point on the sub-district’s surface when nothing matches', () => {
    const result = geocode('临空建滔广场合景昕舍10号楼', '东街道');
    expect(result.quality).toBe('sub_district_centre');
    expect(result.matchedAddress).toBeUndefined();
    expect(isInArea(result.lngLat, east.geometry)).toBe(true);
    expect(geocode('外面路1号', '西街道').quality).toBe('sub_district_centre');
  });

  it('always answers inside the named sub-district', () => {
    for (const address of ['长宁路1号', '长宁路999号', '新泾一村1号', '安化路1号', '凯旋路1号', '外面路1号']) {
      for (const area of subDistricts) expect(isInArea(geocode(address, area.name).lngLat, area.geometry)).toBe(true);
    }
  });

  it('refuses out-of-range input with a clear message', () => {
    expect(() => geocode('长宁路1号', '浦东')).toThrow(/unknown sub-district "浦东"; known: 西街道, 东街道/);
    expect(() => geocode('  ', '西街道')).toThrow(/non-empty string/);
    expect(() => createGazetteerGeocoder({ entries: [{ address: 'x路1号', lngLat: [31.2, 121.4] }], subDistricts })).toThrow(/latitude/);
    expect(() => createGazetteerGeocoder({ entries, subDistricts: [] })).toThrow(/no sub-districts/);
  });

  it('has a one-off form', () => {
    expect(geocodeAddress('长宁路500号', '东街道', { entries, subDistricts }).quality).toBe('exact');
  });
});
