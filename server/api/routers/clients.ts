/**
 * The one registry of outside clients (server/clients), for the system administrator: every key issued to an
 * Open311 client, a knowledge terminal or a feature-API user, when each was last used, issuing (the key is shown
 * once) and withdrawing. Each kind gets its scopes from server/clients/client-scopes.ts.
 */
import { z } from 'zod';
import { permittedProcedure, router } from '../trpc';
import { scopesFor } from '@/server/clients/client-scopes';
import { clientCallsView, OUTSIDE_CLIENT_KINDS, outsideClientView } from '@/server/clients/outside-clients.service';
import { actorOf } from './orders';

/** The kinds the administrator issues keys for here (devices and partners have their own screens and secrets). */
const ISSUED_HERE = ['open311', 'terminal', 'feature-api', 'data-source'] as const;

export const clientsRouter = router({
  list: permittedProcedure('partners:operate')
    .input(z.object({ kind: z.enum(OUTSIDE_CLIENT_KINDS).optional() }).optional())
    .output(z.array(outsideClientView))
    .query(({ ctx, input }) => ctx.services.outsideClients.list(input?.kind)),

  issue: permittedProcedure('partners:operate')
    .input(
      z.object({
        kind: z.enum(ISSUED_HERE),
        name: z.string().trim().min(2, '请填写接入方名称 / name required').max(60),
        /** For a knowledge terminal: may read the entries marked internal too. */
        extended: z.boolean().default(false),
      }),
    )
    .output(z.object({ id: z.number(), key: z.string(), keyPrefix: z.string() }))
    .mutation(({ ctx, input }) =>
      ctx.services.outsideClients.issue(
        { kind: input.kind, name: input.name, scopes: scopesFor(input.kind, input.extended) },
        actorOf(ctx.user),
      ),
    ),

  /** Calls to outside interfaces per client over the last 30 days (运维: who uses what, how much). */
  calls: permittedProcedure('partners:operate')
    .output(z.array(clientCallsView))
    .query(({ ctx }) => ctx.services.outsideClients.calls()),

  withdraw: permittedProcedure('partners:operate')
    .input(z.object({ id: z.number().int().positive() }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.outsideClients.withdraw(input.id, actorOf(ctx.user));
      return { ok: true as const };
    }),
});
