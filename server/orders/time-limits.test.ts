import { describe, expect, it } from 'vitest';
import { ManualClock } from '@/server/clock';
import { shanghaiDay, shanghaiTime } from '@/domain/shanghai-time';
import { ESCALATION_CHAIN, evaluateDeadline } from '@/domain/orders/deadline-state';
import { formatOrderCode } from './order-code';
import { computeDeadlines, DEFAULT_TIME_LIMITS, extendDeadline, timeLimitFor } from './time-limits';

describe('time limits (seed 003 fault levels)', () => {
  it('defaults to 1 h / 4 h, 2 h / 8 h and 4 h / 16 h by level', () => {
    expect(DEFAULT_TIME_LIMITS[1]).toEqual({ respondMinutes: 60, resolveMinutes: 240 });
    expect(DEFAULT_TIME_LIMITS[2]).toEqual({ respondMinutes: 120, resolveMinutes: 480 });
    expect(DEFAULT_TIME_LIMITS[3]).toEqual({ respondMinutes: 240, resolveMinutes: 960 });
    expect(DEFAULT_TIME_LIMITS[4]).toEqual(DEFAULT_TIME_LIMITS[3]);
  });

  it('computes deadlines from the moment the clock starts, and a category override wins', () => {
    const clock = new ManualClock('2026-11-22T02:00:00Z');
    const received = clock.now();
    expect(computeDeadlines(received, timeLimitFor(1))).toEqual({
      respondBy: new Date('2026-11-22T03:00:00Z'),
      resolveBy: new Date('2026-11-22T06:00:00Z'),
    });
    expect(computeDeadlines(received, timeLimitFor(3, { respondMinutes: 30, resolveMinutes: 90 }))).toEqual({
      respondBy: new Date('2026-11-22T02:30:00Z'),
      resolveBy: new Date('2026-11-22T03:30:00Z'),
    });
    expect(extendDeadline(new Date('2026-11-22T06:00:00Z'), 45)).toEqual(new Date('2026-11-22T06:45:00Z'));
  });
});

describe('deadline standing under a controllable clock', () => {
  const clock = new ManualClock('2026-11-22T02:00:00Z');
  const start = clock.now();
  const { respondBy, resolveBy } = computeDeadlines(start, timeLimitFor(1)); // respond 1 h, resolve 4 h
  const order = (status: 'dispatched' | 'accepted' | 'awaiting_check', respondedAt: Date | null = null) => ({
    status,
    clockStartedAt: start,
    respondBy,
    resolveBy,
    respondedAt,
  });

  it('runs the respond clock until a unit accepts: ok, nearing at 80 %, overdue at 100 %', () => {
    clock.set(start);
    clock.advanceMinutes(47);
    expect(evaluateDeadline(order('dispatched'), clock.now())).toMatchObject({ clock: 'respond', state: 'ok', escalationLevel: 0 });
    clock.advanceMinutes(1); // 48 of 60 minutes = 80 %
    expect(evaluateDeadline(order('dispatched'), clock.now())).toMatchObject({ clock: 'respond', state: 'nearing', minutesLeft: 12 });
    clock.advanceMinutes(12);
    expect(evaluateDeadline(order('dispatched'), clock.now())).toMatchObject({ clock: 'respond', state: 'overdue', escalationLevel: 1 });
  });

  it('runs the resolve clock once accepted', () => {
    clock.set(start);
    clock.advanceMinutes(70);
    expect(evaluateDeadline(order('accepted', new Date(start.getTime() + 30 * 60_000)), clock.now())).toMatchObject({
      clock: 'resolve',
      state: 'ok',
    });
    clock.set(start);
    clock.advanceMinutes(4 * 60 * 0.8);
    expect(evaluateDeadline(order('accepted', start), clock.now())).toMatchObject({ clock: 'resolve', state: 'nearing' });
  });

  it('escalates up the chain the longer an order is overdue', () => {
    const levelAfter = (minutesPastRespond: number) => {
      clock.set(respondBy);
      clock.advanceMinutes(minutesPastRespond);
      return evaluateDeadline(order('dispatched'), clock.now()).escalationLevel;
    };
    expect(levelAfter(0)).toBe(1);
    expect(levelAfter(59)).toBe(1);
    expect(levelAfter(60)).toBe(2);
    expect(levelAfter(120)).toBe(3);
    expect(levelAfter(600)).toBe(3);
    expect(ESCALATION_CHAIN.map((s) => s.role)).toEqual(['dispatcher', 'duty_officer', 'leader']);
  });

  it('stops the clocks while the work waits for the check', () => {
    clock.set(resolveBy);
    clock.advanceMinutes(600);
    expect(evaluateDeadline(order('awaiting_check', start), clock.now())).toEqual({
      clock: null,
      state: 'ok',
      minutesLeft: null,
      escalationLevel: 0,
    });
  });
});

describe('order codes', () => {
  it('use the Shanghai calendar day, which starts at 16:00 UTC', () => {
    expect(shanghaiDay(new Date('2026-11-22T15:59:59Z'))).toBe('2026-11-22');
    expect(shanghaiDay(new Date('2026-11-22T16:00:00Z'))).toBe('2026-11-23');
    expect(shanghaiTime(new Date('2026-11-22T02:03:04Z'))).toBe('10:03:04');
  });

  it('read LRyyyymmdd-nnnnnn', () => {
    expect(formatOrderCode('2026-11-22', 123)).toBe('LR20261122-000123');
    expect(formatOrderCode('2026-11-22', 1234567)).toBe('LR20261122-1234567');
    expect(() => formatOrderCode('20261122', 1)).toThrow(/yyyy-mm-dd/);
    expect(() => formatOrderCode('2026-11-22', 0)).toThrow(/positive/);
  });
});
