import { describe, expect, it } from 'vitest';
import { categoryAxisWidth, shortAreaName } from './chart-theme';
import { severityRows } from './severity-rows';

describe('chart helpers', () => {
  it('counts each kind by severity, whatever its status words', () => {
    const rows = severityRows(
      {
        byKind: [
          {
            kind: 'light',
            total: 10,
            statuses: [
              { status: 'on', count: 7 },
              { status: 'off', count: 2 },
              { status: 'fault', count: 1 },
            ],
          },
          { kind: 'tree', total: 1338, statuses: [{ status: 'normal', count: 1338 }] },
          {
            kind: 'shop',
            total: 5,
            statuses: [
              { status: 'compliant', count: 3 },
              { status: 'warned', count: 1 },
              { status: 'violation', count: 1 },
            ],
          },
        ],
        lights: { total: 10, on: 7, off: 2, fault: 1, faultRate: 0.1, onRate: 0.7 },
        lightsBySubDistrict: [],
        subDistrict: null,
        kiosks: { online: 0, total: 0 },
        toilets: { open: 0, total: 0 },
        greening: { parks: 0, namedParks: 0, trees: 0, greenAreaM2: 0, outlinesSumM2: 0, bySubDistrict: [] },
      },
      (kind) => `#${kind}`,
    );
    expect(rows).toEqual([
      // Lights off by their plan are "off by plan", not 停用.
      { name: '#light', total: 10, working: 7, attention: 0, fault: 1, scheduled: 2, idle: 0, unknown: 0 },
      { name: '#shop', total: 5, working: 3, attention: 1, fault: 1, scheduled: 0, idle: 0, unknown: 0 },
    ]);
  });

  it('shortens English area names for an axis and widens the axis for English', () => {
    expect(shortAreaName('Huayang Road Subdistrict')).toBe('Huayang Road');
    expect(shortAreaName('Xinjing Town')).toBe('Xinjing');
    expect(categoryAxisWidth('en', 2)).toBeGreaterThan(categoryAxisWidth('zh', 2));
  });
});
