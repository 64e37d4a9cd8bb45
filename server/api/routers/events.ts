/** The event feed over tRPC: the latest entries, newest first; new ones arrive as 'feed:event' on the socket. */
import { z } from 'zod';
import { scopeKey, scopeOf } from '@/domain/tenancy/district-scope';
import { MAX_RECENT_EVENTS } from '@/server/events/events.service';
import { permittedProcedure, router } from '../trpc';

const feedEvent = z.object({
  id: z.number().int(),
  at: z.number(),
  kind: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  messageKey: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  facilityId: z.number().int().nullable(),
  unitId: z.number().int().nullable(),
});

export const eventsRouter = router({
  recent: permittedProcedure('map:view')
    .input(z.object({ limit: z.number().int().min(1).max(MAX_RECENT_EVENTS).default(50) }).default({ limit: 50 }))
    .output(z.array(feedEvent))
    .query(({ ctx, input }) =>
      ctx.services.sharedReads.read(`events.recent:${scopeKey(scopeOf(ctx.user))}:${input.limit}`, () =>
        ctx.services.eventFeed.recent(input.limit, scopeOf(ctx.user)),
      ),
    ),
});
