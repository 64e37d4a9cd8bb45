'use client';
/** The order taxonomy, read once, and a category's name in the viewer's language. */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/client';
import type { CategoryView } from '@/components/orders/order-types';

export function useCategories() {
  const trpc = useTRPC();
  const { locale } = useI18n();
  const query = useQuery(trpc.orders.categories.queryOptions(undefined, { staleTime: 10 * 60_000 }));
  const categories: readonly CategoryView[] = useMemo(() => query.data ?? [], [query.data]);
  const nameOf = useCallback(
    (code: string | null) => {
      const category = categories.find((c) => c.code === code);
      if (!category) return code ?? '—';
      return locale === 'en' ? category.nameEn : category.nameZh;
    },
    [categories, locale],
  );
  return { categories, nameOf };
}
