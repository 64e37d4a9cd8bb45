/**
 * Order notices on a screen's socket, applied to the query cache once per socket however many components listen:
 * 'order:changed' carries the order as it now stands and patches the cached lists (order-cache.ts); an
 * assignment, or what a unit is told (催办, 督办, the order withdrawn from it), re-reads the unit's own tasks (the
 * phone); deadline and escalation notices come with an
 * 'order:changed' of their own, so they change nothing here.
 *
 * Gap-free: the hub numbers its notices (`seq`). A map screen hears them all, so a gap — or a restarted server's
 * lower number — means one was missed: the order queries are read again once. A reconnection re-reads what was
 * fetched before it, since notices sent meanwhile were missed. A unit's phone hears only its own notices, so it
 * checks no gaps.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { LiveSocket } from '@/components/live/live-socket';
import type { SequencedOrderNotice } from '@/domain/realtime/events';
import { applyOrderView, noticeView, refetchUnitTasks, type Trpc } from './order-cache';

export const ORDER_EVENTS = ['order:changed', 'order:assigned', 'order:deadline', 'order:escalated', 'order:told'] as const;

/** Applies the notices heard on `socket` to the cache until the returned stop. */
export function syncOrderNotices(socket: LiveSocket, queryClient: QueryClient, trpc: Trpc): () => void {
  let lastSeq: number | null = null;
  let connectionsSeen = socket.getState().connections;

  /** Whatever was read before `since` is read again (active queries now, the others when next shown). */
  const refetchOlderThan = (since: number) => {
    const older = { predicate: (query: { state: { dataUpdatedAt: number } }) => query.state.dataUpdatedAt < since };
    void queryClient.invalidateQueries({ ...trpc.orders.pathFilter(), ...older });
    void queryClient.invalidateQueries({ ...trpc.dispatch.candidates.pathFilter(), ...older });
  };

  const handle = (notice: SequencedOrderNotice) => {
    if (socket.audience === 'map') {
      const missed = lastSeq !== null && notice.seq !== lastSeq + 1;
      lastSeq = notice.seq;
      if (missed) refetchOlderThan(Date.now());
    }
    if (notice.type === 'order:changed') applyOrderView(queryClient, trpc, noticeView(notice));
    if (notice.type === 'order:assigned' || notice.type === 'order:told') refetchUnitTasks(queryClient, trpc);
  };

  const stops = [
    ...ORDER_EVENTS.map((event) => socket.on(event, handle)),
    socket.subscribe(() => {
      const { status, connections } = socket.getState();
      if (status !== 'connected' || connections === connectionsSeen) return;
      connectionsSeen = connections;
      // Notices sent before this connection were not heard: what was read before it may be stale.
      lastSeq = null;
      refetchOlderThan(Date.now());
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
