import { describe, expect, it } from 'vitest';
import { parseW3cDate } from './w3c-date';

describe('GeoReport v2 dates ("Must use w3 format, eg 2010-01-01T00:00:00Z")', () => {
  it('reads date-times with a zone, seconds optional', () => {
    expect(parseW3cDate('2010-01-01T00:00:00Z')?.toISOString()).toBe('2010-01-01T00:00:00.000Z');
    expect(parseW3cDate('2026-11-22T10:00:00+08:00')?.toISOString()).toBe('2026-11-22T02:00:00.000Z');
    expect(parseW3cDate('2026-11-22T10:00+08:00')?.toISOString()).toBe('2026-11-22T02:00:00.000Z');
    expect(parseW3cDate('2026-11-22T10:00:00.250Z')?.toISOString()).toBe('2026-11-22T10:00:00.250Z');
  });

  it('reads a whole date as the start of that day in Shanghai', () => {
    expect(parseW3cDate('2026-11-22')?.toISOString()).toBe('2026-11-21T16:00:00.000Z');
  });

  it('refuses zoneless date-times, other formats and impossible dates', () => {
    for (const text of [
      '2026-11-22T10:00:00',
      '2026-11-22 10:00:00Z',
      '22/11/2026',
      '1795334400',
      'yesterday',
      '2026-02-30',
      '2026-11-22T25:00:00Z',
    ])
      expect(parseW3cDate(text), text).toBeNull();
  });
});
