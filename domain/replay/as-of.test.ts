import { describe, expect, it } from 'vitest';
import { alarmStatusAsOf, stateAsOf, wasOpenAt } from './as-of';

const T = Date.parse('2026-12-04T09:00:00+08:00');
const min = 60_000;

describe('stateAsOf (an order from its ledger)', () => {
  const ledger = [
    { at: T - 30 * min, seq: 1, state: 'pending_dispatch' },
    { at: T - 20 * min, seq: 2, state: 'dispatched' },
    { at: T + 10 * min, seq: 3, state: 'closed' },
  ];

  it('is the state of the last step at or before the moment', () => {
    expect(stateAsOf(ledger, T)).toBe('dispatched');
    expect(stateAsOf(ledger, T - 20 * min)).toBe('dispatched');
    expect(stateAsOf(ledger, T + 10 * min)).toBe('closed');
  });

  it('is null before the order existed', () => {
    expect(stateAsOf(ledger, T - 31 * min)).toBeNull();
  });

  it('takes the later ledger step when two share a millisecond, whatever order they are read in', () => {
    const sameMs = [
      { at: T, seq: 8, state: 'in_progress' },
      { at: T, seq: 7, state: 'dispatched' },
    ];
    expect(stateAsOf(sameMs, T)).toBe('in_progress');
  });
});

describe('alarmStatusAsOf', () => {
  const events = [
    { at: T - 60 * min, seq: 1, kind: 'raised' as const },
    { at: T - 50 * min, seq: 2, kind: 'acknowledged' as const },
    { at: T - 40 * min, seq: 3, kind: 'linked' as const },
    { at: T - 5 * min, seq: 4, kind: 'cleared' as const },
    { at: T + 5 * min, seq: 5, kind: 'reopened' as const },
  ];

  it('folds the ledger: linking to an order keeps it acknowledged', () => {
    expect(alarmStatusAsOf(events, T - 45 * min)).toBe('acknowledged');
  });

  it('is cleared after it recovered and active again after it reopened', () => {
    expect(alarmStatusAsOf(events, T)).toBe('cleared');
    expect(alarmStatusAsOf(events, T + 6 * min)).toBe('active');
  });

  it('is null before it was raised', () => {
    expect(alarmStatusAsOf(events, T - 61 * min)).toBeNull();
  });
});

describe('wasOpenAt (a 12345 ticket)', () => {
  it('is open between its receipt and its closing, closed from the closing instant on', () => {
    const ticket = { openedAt: T - 60 * min, closedAt: T };
    expect(wasOpenAt(ticket, T - min)).toBe(true);
    expect(wasOpenAt(ticket, T)).toBe(false);
    expect(wasOpenAt(ticket, T - 61 * min)).toBe(false);
  });

  it('stays open while it has no closing time', () => {
    expect(wasOpenAt({ openedAt: T - min, closedAt: null }, T + 1000 * min)).toBe(true);
  });
});
