import { describe, expect, it } from 'vitest';
import { parseSnapshotCamera, parseSnapshotKey, snapshotKey, snapshotPixels } from './base-map-snapshot';

describe('snapshotKey', () => {
  const wall = { width: 1070, height: 946, pixelRatio: 1, scale: 1, locale: 'zh', view: 'district:0' };

  it('is the same for the same view, whatever fraction of a pixel the box measured', () => {
    expect(snapshotKey({ ...wall, width: 1070.4 })).toBe(snapshotKey(wall));
  });

  it('differs whenever the picture would: size, pixel ratio, wall scale, language or starting view', () => {
    const keys = new Set(
      [
        wall,
        { ...wall, width: 1071 },
        { ...wall, height: 900 },
        { ...wall, pixelRatio: 2 },
        { ...wall, scale: 2 },
        { ...wall, locale: 'en' },
        { ...wall, view: 'sub-district:3' },
      ].map(snapshotKey),
    );
    expect(keys.size).toBe(7);
  });

  it('reads back as the view it was made of, including a zoomed browser’s long pixel ratio', () => {
    const zoomed = { ...wall, pixelRatio: 0.800000011920929, scale: 1.5 };
    expect(parseSnapshotKey(snapshotKey(zoomed))).toEqual(zoomed);
    expect(snapshotPixels({ ...wall, pixelRatio: 2 })).toEqual({ width: 2140, height: 1892 });
  });

  it('refuses anything else: another format, an absurd size or ratio, an unknown language, extra text', () => {
    for (const key of [
      '2|1070x946@1|1|zh|district:0',
      '1|1070x946@1|1|zh|district:0|x',
      '1|99999x946@1|1|zh|district:0',
      '1|1070x946@16|1|zh|district:0',
      '1|1070x946@1|1|fr|district:0',
      '1|1070x946@1|1|zh|../../etc',
      '',
    ])
      expect(parseSnapshotKey(key), key).toBeNull();
  });
});

describe('parseSnapshotCamera', () => {
  it('reads lng,lat,zoom and refuses what is not a place and a zoom', () => {
    expect(parseSnapshotCamera('121.4,31.21,12.5')).toEqual({ center: [121.4, 31.21], zoom: 12.5 });
    for (const bad of ['121.4,31.21', '121.4,,12', 'a,b,c', '200,31,12', '121,31,40', null]) expect(parseSnapshotCamera(bad)).toBeNull();
  });
});
