/**
 * Where an order that changed belongs in one cached orders.list answer, decided here exactly as the server's query
 * decides (server/orders/orders.repository.ts listOrders: filters, newest id first, `limit` rows, `cursor` = ids
 * below it). Pure, so it is tested without a browser. When the answer cannot be known without the server — a
 * text or unit search, or a full page that loses a row (the next one is not here) — it says 'refetch'.
 */
import type { RouterInputs } from '@/components/trpc/router-outputs';
import type { OrderView } from './order-types';

export type OrderListInput = RouterInputs['orders']['list'];

/** orders.list's default page size (server/api/routers/orders.ts), for a query asked without a limit. */
const DEFAULT_LIMIT = 100;

function matches(input: OrderListInput, order: OrderView): boolean {
  return (
    (!input.statuses?.length || input.statuses.includes(order.status)) &&
    (!input.deadlineStates?.length || input.deadlineStates.includes(order.deadlineState)) &&
    (!input.subDistrictCode || input.subDistrictCode === order.subDistrictCode) &&
    (!input.categoryCode || input.categoryCode === order.categoryCode) &&
    (!input.source || input.source === order.source) &&
    (!input.receivedFrom || order.receivedAt >= input.receivedFrom) &&
    (input.cursor === undefined || order.id < input.cursor)
  );
}

/**
 * The list with `order` in its place: replaced, removed or inserted; the same array when nothing changes (the
 * cached copy is as new or newer); 'refetch' when only the server can tell.
 */
export function patchOrderList(
  list: readonly OrderView[],
  input: OrderListInput | undefined,
  order: OrderView,
): readonly OrderView[] | 'refetch' {
  const filter = input ?? {};
  const index = list.findIndex((o) => o.id === order.id);
  const cached = index >= 0 ? list[index] : undefined;
  if (cached && cached.version >= order.version) return list;
  // Text, and which units match a name, are matched by the database (ILIKE): only it can say.
  if (filter.text || filter.unitText) return 'refetch';
  const limit = filter.limit ?? DEFAULT_LIMIT;
  const belongs = matches(filter, order);
  if (cached) {
    if (belongs) return list.map((o, i) => (i === index ? order : o));
    // A full page that loses a row would show the next older one, which only the server has.
    return list.length >= limit ? 'refetch' : list.filter((_, i) => i !== index);
  }
  if (!belongs) return list;
  // Newest id first: a full page takes it only if it is newer than its oldest row, and drops that row.
  const at = list.findIndex((o) => o.id < order.id);
  if (at < 0) return list.length >= limit ? list : [...list, order];
  const next = [...list.slice(0, at), order, ...list.slice(at)];
  return next.length > limit ? next.slice(0, limit) : next;
}
