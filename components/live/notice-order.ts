/**
 * The order a map screen applies journaled notices in (domain/realtime/events.ts `journal`): each number once,
 * none skipped. Whatever arrives — live, caught up, twice, early — is held until every lower number was applied,
 * and a number at or below the last applied is dropped. Pure.
 */
import type { JournalEntry } from '@/domain/realtime/events';

export interface NoticeOrder {
  /** The last number applied. */
  last: number;
  /** Arrived ahead of a hole: waiting for the lower numbers. */
  held: ReadonlyMap<number, JournalEntry>;
}

export const numberOf = (entry: JournalEntry): number => entry.notice.journal;

/** Adds `entries` and takes out those now next in line; `hole` says some are still held behind a missing number. */
export function takeInOrder(
  order: NoticeOrder,
  entries: readonly JournalEntry[],
): { order: NoticeOrder; ready: JournalEntry[]; hole: boolean } {
  const held = new Map(order.held);
  for (const entry of entries) if (numberOf(entry) > order.last) held.set(numberOf(entry), entry);
  const ready: JournalEntry[] = [];
  let last = order.last;
  for (let next = held.get(last + 1); next; next = held.get(last + 1)) {
    held.delete(++last);
    ready.push(next);
  }
  return { order: { last, held }, ready, hole: held.size > 0 };
}

/** After a full reload current to `head`: continue from there (what is held at or below it is in the reload). */
export function restartAt(order: NoticeOrder, head: number): NoticeOrder {
  return { last: head, held: new Map([...order.held].filter(([n]) => n > head)) };
}
