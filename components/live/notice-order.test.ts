import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '@/domain/realtime/events';
import { numberOf, restartAt, takeInOrder } from './notice-order';

const entry = (journal: number): JournalEntry => ({ kind: 'order', notice: { type: 'order:assigned', journal } as never });
const numbers = (entries: readonly JournalEntry[]) => entries.map(numberOf);

describe('the order journaled notices are applied in', () => {
  it('applies notices that come in order at once', () => {
    const { order, ready, hole } = takeInOrder({ last: 4, held: new Map() }, [entry(5), entry(6)]);
    expect(numbers(ready)).toEqual([5, 6]);
    expect(order.last).toBe(6);
    expect(hole).toBe(false);
  });

  it('holds a notice that overtook a lower one until that one comes, then applies both in order', () => {
    let step = takeInOrder({ last: 4, held: new Map() }, [entry(6)]);
    expect(numbers(step.ready)).toEqual([]);
    expect(step.hole).toBe(true);
    step = takeInOrder(step.order, [entry(5)]);
    expect(numbers(step.ready)).toEqual([5, 6]);
    expect(step.hole).toBe(false);
  });

  it('never applies a number twice: repeats and numbers already applied are dropped', () => {
    const first = takeInOrder({ last: 0, held: new Map() }, [entry(1), entry(2), entry(2)]);
    expect(numbers(first.ready)).toEqual([1, 2]);
    const again = takeInOrder(first.order, [entry(1), entry(2), entry(3), entry(3)]);
    expect(numbers(again.ready)).toEqual([3]);
  });

  it('merges a catch-up page with live notices that arrived during it, in either order', () => {
    // Live 8 and 9 came while the page 5..8 was being read.
    const live = takeInOrder({ last: 4, held: new Map() }, [entry(8), entry(9)]);
    const page = takeInOrder(live.order, [5, 6, 7, 8].map(entry));
    expect(numbers(page.ready)).toEqual([5, 6, 7, 8, 9]);
    expect(page.order).toEqual({ last: 9, held: new Map() });
  });

  it('restarts after a full reload at its head, keeping only what is held beyond it', () => {
    const held = takeInOrder({ last: 2, held: new Map() }, [entry(5), entry(9)]).order;
    const restarted = restartAt(held, 6);
    expect(restarted.last).toBe(6);
    expect([...restarted.held.keys()]).toEqual([9]);
  });
});
