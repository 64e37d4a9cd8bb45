/** The leaders' mobile summary: one query, everything the first view of /m shows. */
import { leaderSummary, leaderSummarySchema } from '@/server/summary/leader-summary';
import { permittedProcedure, router } from '../trpc';

export const summaryRouter = router({
  leader: permittedProcedure('summary:view')
    .output(leaderSummarySchema)
    .query(({ ctx }) =>
      ctx.services.sharedReads.read('summary.leader', () => leaderSummary(ctx.services.db, ctx.services.dispatchHub.clock.now())),
    ),
});
