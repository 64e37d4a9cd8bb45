'use client';
/**
 * The 清费云 ledgers' keyset paging, in one place: pages of PAGE rows ordered by id descending, the next page after
 * the last id, and the "more" button that fetches it.
 */
import { useI18n } from '@/components/i18n/i18n-provider';
import { Button } from '@/components/ui/button';

export const PAGE = 30;

/** tRPC infinite-query options: the next cursor is the last row's id, none after a short page. */
export const keysetPaging = {
  initialCursor: undefined,
  getNextPageParam: (last: ReadonlyArray<{ id: number }>) => (last.length < PAGE ? undefined : last[last.length - 1].id),
};

export function MoreButton({
  pages,
}: {
  pages: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
}) {
  const { t } = useI18n();
  if (!pages.hasNextPage) return null;
  return (
    <Button variant="quiet" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
      {t('fees.ui.more')}
    </Button>
  );
}
