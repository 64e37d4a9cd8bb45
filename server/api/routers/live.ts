/**
 * The journal of live notices over tRPC: what a map screen missed while it was away (alarm and order notices,
 * oldest first, in pages). `reset` means its last number is older than what is kept: it reloads everything.
 */
import { z } from 'zod';
import { scopeOf } from '@/domain/tenancy/district-scope';
import type { JournalEntry } from '@/domain/realtime/events';
import { permittedProcedure, router } from '../trpc';

export const MAX_JOURNAL_PAGE = 500;

export const liveRouter = router({
  /** The last number given: where a screen that has just loaded everything starts following. */
  head: permittedProcedure('map:view')
    .output(z.number().int())
    .query(({ ctx }) => ctx.services.noticeJournal.head()),

  since: permittedProcedure('map:view')
    .input(z.object({ after: z.number().int().min(0), limit: z.number().int().min(1).max(MAX_JOURNAL_PAGE).default(MAX_JOURNAL_PAGE) }))
    .output(
      z.object({
        reset: z.boolean(),
        // Written by this server from notices it sent live; their own types describe them.
        entries: z.array(z.custom<JournalEntry>((e) => typeof e === 'object' && e !== null && 'kind' in e && 'notice' in e)),
        head: z.number().int(),
        more: z.boolean(),
      }),
    )
    .query(({ ctx, input }) => ctx.services.noticeJournal.since(input.after, input.limit, scopeOf(ctx.user))),
});
