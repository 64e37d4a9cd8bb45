'use client';
/**
 * The open work orders the wall's orders layer draws: the dispatch hub's queue (open states, located ones only),
 * refetched on every order notice, each with its deadline state as of now (the queue's live clock), so an order
 * turns amber at 80 % of its limit and red past it without waiting for the next sweep.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { liveClock } from './order-clock';
import type { DeadlineState, OrderView } from './order-types';
import { useNow } from './use-now';
import { useOrderNotices } from './use-order-notices';
import { useTRPC } from '@/components/trpc/client';
import { OPEN_STATUSES } from '@/domain/orders/order-values';

/** The wall shows at most this many open orders (the queue's own page limit). */
const WALL_ORDER_LIMIT = 500;
const CLOCK_TICK_MS = 5_000;

export const ORDER_DEADLINE_LABEL: Record<DeadlineState, string> = {
  ok: 'map.legend.orderOk',
  nearing: 'map.legend.orderNearing',
  overdue: 'map.legend.orderOverdue',
};

export type WallOrder = OrderView & { lng: number; lat: number; deadlineState: DeadlineState };

export function useWallOrders(): { orders: readonly WallOrder[]; settled: boolean; live: boolean } {
  const trpc = useTRPC();
  const live = useOrderNotices();
  const now = useNow(CLOCK_TICK_MS);
  const query = useQuery(trpc.orders.list.queryOptions({ statuses: [...OPEN_STATUSES], limit: WALL_ORDER_LIMIT }));
  const orders = useMemo(
    () =>
      (query.data ?? []).flatMap((o): WallOrder[] =>
        o.location ? [{ ...o, lng: o.location.lng, lat: o.location.lat, deadlineState: liveClock(o, now).state }] : [],
      ),
    [query.data, now],
  );
  return { orders, settled: !query.isLoading, live };
}
