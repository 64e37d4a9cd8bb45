import { describe, expect, it } from 'vitest';
import { fromShanghaiLocalInput, shanghaiDayStart, shanghaiLocalInput, shanghaiWeekday } from './shanghai-time';

describe('Shanghai calendar days and weeks', () => {
  it('starts the day at 00:00 in Shanghai, which is 16:00 UTC the day before', () => {
    expect(shanghaiDayStart(new Date('2026-11-22T15:59:59Z')).toISOString()).toBe('2026-11-21T16:00:00.000Z');
    expect(shanghaiDayStart(new Date('2026-11-22T16:00:00Z')).toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(shanghaiDayStart(new Date('2026-11-22T16:00:00Z'), 7).toISOString()).toBe('2026-11-15T16:00:00.000Z');
  });

  it('counts weekdays from Monday in Shanghai time', () => {
    // 2026-11-23 is a Monday; 01:00 Monday in Shanghai is still Sunday in UTC.
    expect(shanghaiWeekday(new Date('2026-11-22T17:00:00Z'))).toBe(0);
    expect(shanghaiWeekday(new Date('2026-11-22T15:00:00Z'))).toBe(6);
  });

  it('reads a date-time input as Shanghai time whatever the browser zone (a 督办 deadline)', () => {
    expect(fromShanghaiLocalInput('2026-11-23T08:30')?.toISOString()).toBe('2026-11-23T00:30:00.000Z');
    expect(shanghaiLocalInput(new Date('2026-11-22T17:05:00Z'))).toBe('2026-11-23T01:05');
    expect(fromShanghaiLocalInput('2026-11-23')).toBeNull();
    expect(fromShanghaiLocalInput('')).toBeNull();
  });
});
