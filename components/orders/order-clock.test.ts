import { describe, expect, it } from 'vitest';
import { formatDuration, liveClock } from './order-clock';

const T0 = Date.UTC(2026, 10, 22, 8, 0, 0);
const MIN = 60_000;

function order(state: 'ok' | 'nearing' | 'overdue' = 'ok', name: 'respond' | 'resolve' | null = 'respond') {
  return {
    clock: { name, state, minutesLeft: null },
    receivedAt: new Date(T0),
    respondBy: new Date(T0 + 60 * MIN),
    resolveBy: new Date(T0 + 240 * MIN),
  };
}

describe('liveClock', () => {
  it('counts down to the running limit and turns nearing at 80 % of it, overdue past it', () => {
    expect(liveClock(order(), T0 + 10 * MIN)).toEqual({ running: true, msLeft: 50 * MIN, state: 'ok' });
    expect(liveClock(order(), T0 + 48 * MIN).state).toBe('nearing');
    expect(liveClock(order(), T0 + 61 * MIN)).toMatchObject({ msLeft: -1 * MIN, state: 'overdue' });
  });

  it('uses the resolve limit once the order is responded to', () => {
    expect(liveClock(order('ok', 'resolve'), T0 + 60 * MIN)).toMatchObject({ msLeft: 180 * MIN, state: 'ok' });
  });

  it('never shows better than the server said at the last read (a reopened order’s clock started later)', () => {
    expect(liveClock(order('nearing'), T0 + 1 * MIN).state).toBe('nearing');
  });

  it('is stopped when no clock runs', () => {
    expect(liveClock(order('ok', null), T0)).toEqual({ running: false, msLeft: 0, state: 'ok' });
  });
});

describe('formatDuration', () => {
  it('shows hours only when there are any, and the size of a negative span', () => {
    expect(formatDuration(4 * MIN + 59_000)).toBe('4:59');
    expect(formatDuration(65 * MIN + 9_000)).toBe('1:05:09');
    expect(formatDuration(-90_000)).toBe('1:30');
  });
});
