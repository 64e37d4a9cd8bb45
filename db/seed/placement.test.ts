import { distance } from '@turf/turf';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { isInArea } from '@/geo/area';
import { createRandom } from '@/geo/random';
import type { GazetteerAddress } from './context';
import { addDays, nearbyDoorplate, placeNear, sequenceCode } from './placement';

const area: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [121.4, 31.2],
      [121.41, 31.2],
      [121.41, 31.21],
      [121.4, 31.21],
      [121.4, 31.2],
    ],
  ],
};

const address = (road: string | null, houseNumber: number | null): GazetteerAddress => ({
  name: '',
  address: `${road ?? ''}${houseNumber ?? ''}号`,
  categoryZh: '居委会',
  township: '',
  lngLat: [121.405, 31.205],
  road,
  houseNumber,
  subDistrictCode: null,
});

describe('placeNear', () => {
  it('stays within the distance asked and inside the area', () => {
    const random = createRandom(1);
    for (let i = 0; i < 200; i++) {
      const p = placeNear([121.405, 31.205], area, random, { minMeters: 5, maxMeters: 40 })!;
      const metres = distance([121.405, 31.205], p, { units: 'meters' });
      expect(metres).toBeGreaterThanOrEqual(4.99);
      expect(metres).toBeLessThanOrEqual(40.01);
      expect(isInArea(p, area)).toBe(true);
    }
  });

  it('never leaves the area near its edge, and gives up with null outside it', () => {
    const random = createRandom(2);
    for (let i = 0; i < 200; i++) {
      const p = placeNear([121.41, 31.205], area, random, { maxMeters: 40 });
      expect(p && isInArea(p, area)).toBe(true);
    }
    expect(placeNear([121.5, 31.5], area, random, { minMeters: 10, maxMeters: 20 })).toBeNull();
  });
});

describe('nearbyDoorplate', () => {
  it('invents a number a few doors away on the same side of the same road', () => {
    const random = createRandom(3);
    for (let i = 0; i < 50; i++) {
      const doorplate = nearbyDoorplate(address('长宁路', 1033), random);
      const number = Number(/^长宁路(\d+)号$/.exec(doorplate)?.[1]);
      expect(number % 2).toBe(1);
      expect(Math.abs(number - 1033)).toBeLessThanOrEqual(16);
    }
    expect(nearbyDoorplate(address('长宁路', null), random)).toBe('长宁路');
    expect(nearbyDoorplate(address(null, null), random)).toBe('号');
  });
});

describe('codes and dates', () => {
  it('pads sequence codes and counts days in UTC', () => {
    expect(sequenceCode('WC', 7)).toBe('WC-0007');
    expect(sequenceCode('KIOSK', 46, 2)).toBe('KIOSK-46');
    expect(addDays('2026-11-20', 15)).toBe('2026-12-05');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
