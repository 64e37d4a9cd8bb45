import { describe, expect, it } from 'vitest';
import { baselineOf, splitRange } from './periods';

describe('splitRange', () => {
  it('reads whole months from the month rollup and the ends from the day rollup', () => {
    expect(splitRange('2026-01-15', '2026-04-10')).toEqual({
      months: ['2026-02-01', '2026-03-01'],
      days: [
        ['2026-01-15', '2026-01-31'],
        ['2026-04-01', '2026-04-10'],
      ],
    });
  });
  it('uses days only when no whole month fits', () => {
    expect(splitRange('2026-10-24', '2026-11-22')).toEqual({ months: null, days: [['2026-10-24', '2026-11-22']] });
  });
  it('covers exact months without day ranges, across a year end', () => {
    expect(splitRange('2025-12-01', '2026-01-31')).toEqual({ months: ['2025-12-01', '2026-01-01'], days: [] });
  });
  it('handles a leap February', () => {
    expect(splitRange('2024-02-01', '2024-02-29')).toEqual({ months: ['2024-02-01', '2024-02-01'], days: [] });
  });
});

describe('baselineOf', () => {
  it('is the factor × period just before it', () => {
    expect(baselineOf('2026-11-01', '2026-11-10', 4)).toEqual({ from: '2026-09-22', to: '2026-10-31', days: 40 });
  });
});
