/** The leaders' mobile summary: one query, everything the first view of /m shows. */
import { leaderSummary, leaderSummarySchema } from '@/server/summary/leader-summary';
import { permittedProcedure, router } from '../trpc';
import { scopeKey, scopeOf } from '@/domain/tenancy/district-scope';

export const summaryRouter = router({
  leader: permittedProcedure('summary:view')
    .output(leaderSummarySchema)
    .query(({ ctx }) => {
      const scope = scopeOf(ctx.user);
      return ctx.services.sharedReads.read(`summary.leader:${scopeKey(scope)}`, () =>
        leaderSummary(ctx.services.db, ctx.services.dispatchHub.clock.now(), scope),
      );
    }),
});
