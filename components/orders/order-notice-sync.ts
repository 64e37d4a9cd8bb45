/**
 * Order notices on a screen's socket, applied to the query cache once per socket however many components listen:
 * 'order:changed' carries the order as it now stands and patches the cached lists (order-cache.ts); an
 * assignment, or what a unit is told (催办, 督办, the order withdrawn from it), re-reads the unit's own tasks (the
 * phone); deadline and escalation notices come with an 'order:changed' of their own, so they change nothing here.
 *
 * A map screen takes them from the journal of live notices (components/live/use-live-notices.ts): each once, in
 * order, with what it missed while away; when it must reload everything, the order queries read before are read
 * again. A unit's phone hears only its own notices on its socket; after a reconnection it reads its queries again.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { LiveSocket } from '@/components/live/live-socket';
import { followNotices } from '@/components/live/use-live-notices';
import type { SequencedOrderNotice } from '@/domain/realtime/events';
import { applyOrderView, noticeView, refetchUnitTasks, type Trpc } from './order-cache';

export const ORDER_EVENTS = ['order:changed', 'order:assigned', 'order:deadline', 'order:escalated', 'order:told'] as const;

/** Applies the notices for `socket` to the cache until the returned stop. */
export function syncOrderNotices(socket: LiveSocket, queryClient: QueryClient, trpc: Trpc): () => void {
  /** Whatever was read before `since` is read again (active queries now, the others when next shown). */
  const refetchOlderThan = (since: number) => {
    const older = { predicate: (query: { state: { dataUpdatedAt: number } }) => query.state.dataUpdatedAt < since };
    void queryClient.invalidateQueries({ ...trpc.orders.pathFilter(), ...older });
    void queryClient.invalidateQueries({ ...trpc.dispatch.candidates.pathFilter(), ...older });
  };

  const handle = (notice: SequencedOrderNotice) => {
    if (notice.type === 'order:changed') applyOrderView(queryClient, trpc, noticeView(notice));
    if (notice.type === 'order:assigned' || notice.type === 'order:told') refetchUnitTasks(queryClient, trpc);
  };

  if (socket.audience === 'map') {
    return followNotices(socket, queryClient, trpc, {
      entry: (entry) => entry.kind === 'order' && handle(entry.notice),
      reset: () => refetchOlderThan(Date.now()),
    });
  }

  let connectionsSeen = socket.getState().connections;
  const stops = [
    ...ORDER_EVENTS.map((event) => socket.on(event, handle)),
    socket.subscribe(() => {
      const { status, connections } = socket.getState();
      if (status !== 'connected' || connections === connectionsSeen) return;
      connectionsSeen = connections;
      // Notices sent before this connection were not heard: what was read before it may be stale.
      refetchOlderThan(Date.now());
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
