import { describe, expect, it } from 'vitest';
import { snapshotKey } from './snapshot-store';

describe('snapshotKey', () => {
  const wall = { width: 1070, height: 946, pixelRatio: 1, scale: 1, locale: 'zh', view: 'district' };

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
        { ...wall, view: 'sub-district' },
      ].map(snapshotKey),
    );
    expect(keys.size).toBe(7);
  });
});
