/**
 * A QueryClient whose invalidation always ends in an answer given after it.
 *
 * TanStack Query refetches an invalidated query by cancelling a fetch in flight only when the query already has
 * data; a query still waiting for its first answer keeps that fetch. So a list mounted just before a write (a draft's
 * files, shown as the draft is saved, then a file uploaded) could be answered by a request the server read before
 * the write, and stay without the new row until something else refetched it. Here such a first fetch of a query
 * on screen (active: the ones the invalidation refetches) is cancelled, its state reverted, before the refetch, so
 * every invalidation is answered from after the write. A prefetch nobody shows yet (the field app's offline copy of
 * a task) is left to finish.
 */
import { type InvalidateOptions, type InvalidateQueryFilters, QueryClient } from '@tanstack/react-query';

export class FreshQueryClient extends QueryClient {
  override async invalidateQueries(filters?: InvalidateQueryFilters, options?: InvalidateOptions): Promise<void> {
    if (filters?.refetchType !== 'none') {
      const firstFetches = this.getQueryCache()
        .findAll(filters)
        .filter((query) => query.isActive() && query.state.fetchStatus !== 'idle' && query.state.data === undefined);
      await Promise.all(firstFetches.map((query) => query.cancel({ revert: true }).catch(() => undefined)));
    }
    return super.invalidateQueries(filters, options);
  }
}
