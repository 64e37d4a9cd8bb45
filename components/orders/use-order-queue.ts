'use client';
/**
 * The queue as filtered: state, category, text, unit and receipt time are asked of the server; the level is filtered here, because
 * orders.list takes no priority (a server filter would be the better place once it does).
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { OPEN_STATUSES } from '@/domain/orders/order-values';
import type { QueueFilters } from '@/components/dispatch/order-filters';
import type { OrderStatus } from './order-types';

const QUEUE_LIMIT = 300;

function statusesFor(filter: QueueFilters['status']): OrderStatus[] | undefined {
  if (filter === 'all') return undefined;
  if (filter === 'open') return [...OPEN_STATUSES];
  return [filter];
}

export function useOrderQueue(filters: QueueFilters) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.orders.list.queryOptions({
      statuses: statusesFor(filters.status),
      categoryCode: filters.categoryCode ?? undefined,
      text: filters.text || undefined,
      unitText: filters.unitText || undefined,
      receivedFrom: filters.receivedFrom ?? undefined,
      limit: QUEUE_LIMIT,
    }),
  );
  const orders = useMemo(
    () => (query.data ?? []).filter((o) => filters.priority === null || o.priority === filters.priority),
    [query.data, filters.priority],
  );
  return { orders, loading: query.isLoading };
}
