import { describe, expect, it } from 'vitest';
import { isInArea } from '@/geo/area';
import { buildSeedContext } from './context';
import { planKiosks } from './facilities/kiosks';

const context = buildSeedContext();

describe('the seed context', () => {
  it('has the 10 sub-districts, each with addresses to place things near and a placement area inside the district', () => {
    expect(context.subDistricts.map((s) => s.code)).toEqual([
      '310105001',
      '310105002',
      '310105004',
      '310105005',
      '310105006',
      '310105008',
      '310105009',
      '310105010',
      '310105011',
      '310105102',
    ]);
    for (const sub of context.subDistricts) {
      expect(sub.addresses.length).toBeGreaterThan(20);
      for (const address of sub.addresses) {
        expect(isInArea(address.lngLat, sub.placementArea)).toBe(true);
        expect(isInArea(address.lngLat, context.district.geometry)).toBe(true);
      }
    }
    const weights = context.subDistricts.reduce((sum, s) => sum + s.weight, 0);
    expect(weights).toBeCloseTo(1, 9);
  });

  it('files the gazetteer by containment, leaving the few points outside Changning without a sub-district', () => {
    expect(context.gazetteer).toHaveLength(1085);
    const outside = context.gazetteer.filter((a) => a.subDistrictCode === null);
    expect(outside.length).toBeLessThan(20);
    for (const address of outside) expect(isInArea(address.lngLat, context.district.geometry)).toBe(false);
  });
});

describe('the 46 real kiosks', () => {
  const kiosks = planKiosks(context);

  it('are each geocoded inside the sub-district their row names', () => {
    expect(kiosks).toHaveLength(46);
    for (const kiosk of kiosks) {
      const sub = context.subDistricts.find((s) => s.code === kiosk.subDistrictCode)!;
      expect(sub.name).toBe(kiosk.attrs.street);
      expect(kiosk.geometry.type).toBe('Point');
      const [lng, lat] = kiosk.geometry.coordinates as [number, number];
      expect(isInArea([lng, lat], sub.placementArea)).toBe(true);
    }
  });

  it('are mostly placed from the gazetteer: only addresses on roads it does not know fall back', () => {
    const fromGazetteer = kiosks.filter((k) => k.geocodeQuality === 'exact' || k.geocodeQuality === 'nearest_number');
    expect(fromGazetteer.length).toBeGreaterThanOrEqual(40);
    expect(kiosks.find((k) => k.code === 'KIOSK-01')).toMatchObject({ geocodeQuality: 'exact', address: '娄山关路500号' });
    // 临空建滔广场合景昕舍 names no road at all.
    expect(kiosks.find((k) => k.code === 'KIOSK-21')?.geocodeQuality).toBe('sub_district_centre');
  });
});
