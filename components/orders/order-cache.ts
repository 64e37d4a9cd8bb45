/**
 * Orders in the TanStack Query cache, kept in step by what changed instead of by refetching: an order view (from a
 * socket notice or a mutation's answer) is written into every cached orders.list it belongs to; only what cannot
 * be patched is fetched again — a text search, a full page that lost a row, and the queries that hold more than
 * the view (that order's detail and timeline, the dispatch candidates, a unit's own tasks).
 *
 * No React here, so the wall, dispatch, the field phone and bench/assignment-traffic.ts use the same code.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { TRPCOptionsProxy } from '@trpc/tanstack-react-query';
import superjson from 'superjson';
import type { OrderChangedPayload } from '@/domain/realtime/events';
import type { AppRouter } from '@/server/api/root';
import { type OrderListInput, patchOrderList } from './order-list-patch';
import type { OrderView } from './order-types';

export type Trpc = TRPCOptionsProxy<AppRouter>;

/** The order view a notice carries, decoded as tRPC decodes its answers (dates are Dates again). */
export function noticeView(notice: OrderChangedPayload): OrderView {
  return superjson.deserialize<OrderView>(notice.view);
}

/** The newest version whose dependants were sent for, per order and cache: a notice and a mutation's answer for the same change fetch once. */
const refreshedVersions = new WeakMap<QueryClient, Map<number, number>>();

function inputOf(queryKey: readonly unknown[]): Record<string, unknown> | undefined {
  return (queryKey[1] as { input?: Record<string, unknown> } | undefined)?.input;
}

/** Writes `view` into the cached lists and refetches (if shown) only the queries it cannot patch. */
export function applyOrderView(queryClient: QueryClient, trpc: Trpc, view: OrderView): void {
  for (const [queryKey, list] of queryClient.getQueriesData<OrderView[]>(trpc.orders.list.pathFilter())) {
    if (!list) continue;
    const patched = patchOrderList(list, inputOf(queryKey) as OrderListInput | undefined, view);
    if (patched === 'refetch') void queryClient.invalidateQueries({ queryKey, exact: true });
    else if (patched !== list) queryClient.setQueryData(queryKey, patched);
  }
  const versions = refreshedVersions.get(queryClient) ?? new Map<number, number>();
  refreshedVersions.set(queryClient, versions);
  if ((versions.get(view.id) ?? -1) >= view.version) return;
  versions.set(view.id, view.version);
  // The detail holds the timeline and the units; the candidates depend on the units' loads: re-read them.
  void queryClient.invalidateQueries({
    ...trpc.orders.get.pathFilter(),
    predicate: (query) => {
      const input = inputOf(query.queryKey);
      return input?.id === view.id || input?.code === view.code;
    },
  });
  void queryClient.invalidateQueries(trpc.dispatch.candidates.pathFilter());
}

/** A unit was sent to an order: the phone's own tasks (and a task it has open) are re-read. */
export function refetchUnitTasks(queryClient: QueryClient, trpc: Trpc): void {
  void queryClient.invalidateQueries(trpc.orders.mine.pathFilter());
  void queryClient.invalidateQueries(trpc.orders.myTask.pathFilter());
}

/** After a missed notice (a gap, a reconnect) or a failed command: everything order-related is read again, once. */
export function refetchAllOrders(queryClient: QueryClient, trpc: Trpc): void {
  void queryClient.invalidateQueries(trpc.orders.pathFilter());
  void queryClient.invalidateQueries(trpc.dispatch.candidates.pathFilter());
}

/**
 * The phone's own command answered: its task's state is written into the cached detail and task list at once,
 * before the refetch that brings the timeline — the state shown must not hang on that refetch, which a concurrent
 * re-read (a notice, the offline shell taking charge) can cancel or outrun.
 */
export function applyUnitTaskView(queryClient: QueryClient, trpc: Trpc, view: OrderView): void {
  const newer = (order: OrderView) => order.id === view.id && order.version < view.version;
  queryClient.setQueryData(trpc.orders.myTask.queryKey({ id: view.id }), (detail) =>
    detail && newer(detail.order) ? { ...detail, order: view } : detail,
  );
  queryClient.setQueryData(trpc.orders.mine.queryKey(), (tasks) => tasks?.map((task) => (newer(task) ? view : task)));
}
