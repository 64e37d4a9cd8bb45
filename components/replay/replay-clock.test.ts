import { describe, expect, it } from 'vitest';
import { clampPeriod, defaultReplayStart, shanghaiMoment, stepReplay } from './replay-clock';

const at = (s: string) => Date.parse(s);

describe('replay clock', () => {
  it('starts at 09:00 Shanghai this morning once the morning has passed', () => {
    expect(defaultReplayStart(at('2026-12-04T13:20:00+08:00'))).toBe(at('2026-12-04T09:00:00+08:00'));
  });

  it('starts a quarter of an hour ago before then, so there is history to show', () => {
    expect(defaultReplayStart(at('2026-12-04T09:05:30+08:00'))).toBe(at('2026-12-04T08:50:30+08:00'));
  });

  it('moves a minute per step at 60× and stops at the end of the period', () => {
    const start = at('2026-12-04T09:00:00+08:00');
    expect(stepReplay(start, 60, start + 3_600_000)).toEqual({ at: start + 60_000, ended: false });
    expect(stepReplay(start, 300, start + 120_000)).toEqual({ at: start + 120_000, ended: true });
  });

  it('keeps a period in the past and at least a minute long', () => {
    const now = at('2026-12-04T10:00:00+08:00');
    expect(clampPeriod(now - 30_000, now + 3_600_000, now)).toEqual({ from: now - 60_000, until: now });
  });

  it('reads a date and time of day as Shanghai time, whatever the browser zone', () => {
    expect(shanghaiMoment('2026-12-04', '09:00')).toBe(at('2026-12-04T01:00:00Z'));
    expect(shanghaiMoment('2026-12-04', '09:00:30')).toBe(at('2026-12-04T01:00:30Z'));
    expect(shanghaiMoment('2026-12-04', '9 o’clock')).toBeNull();
  });
});
