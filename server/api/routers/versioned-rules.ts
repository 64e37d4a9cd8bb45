/**
 * The tRPC face of versioned rules with four-eyes approval (dispatch rules, alarm thresholds): list the versions,
 * propose one (rules:propose), approve or reject it (rules:approve; the service refuses the proposer).
 */
import { z } from 'zod';
import type { AppServices } from '@/server/app-services';
import type { Permission } from '@/domain/auth/roles';
import { rulesVersionView, type VersionedRulesService } from '@/server/rules/versioned-rules.service';
import { permittedProcedure, router } from '../trpc';
import { actorOf } from './orders';

export function versionedRulesRouter<S extends z.ZodType>(
  schema: S,
  serviceOf: (services: AppServices) => VersionedRulesService<z.infer<S>>,
  listPermission: Permission | readonly [Permission, ...Permission[]],
  // A feature whose own roles propose and approve (the 清费云 tariff) names them; the default is the rules pair.
  decision: { propose: Permission; approve: Permission } = { propose: 'rules:propose', approve: 'rules:approve' },
) {
  return router({
    list: permittedProcedure(...((typeof listPermission === 'string' ? [listPermission] : listPermission) as [Permission, ...Permission[]]))
      .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }).optional())
      .output(z.array(rulesVersionView(schema)))
      .query(({ ctx, input }) => serviceOf(ctx.services).list(input?.limit)),

    propose: permittedProcedure(decision.propose)
      .input(z.object({ rules: schema, note: z.string().trim().min(1, '请说明修改原因 / say why').max(500) }))
      .output(z.object({ version: z.number() }))
      .mutation(({ ctx, input }) => {
        // zod cannot infer through the generic schema; the input was parsed by it.
        const proposal = input as unknown as { rules: z.infer<S>; note: string };
        return serviceOf(ctx.services).propose(proposal.rules, proposal.note, actorOf(ctx.user));
      }),

    decide: permittedProcedure(decision.approve)
      .input(z.object({ version: z.number().int().positive(), approve: z.boolean(), note: z.string().trim().max(500).nullish() }))
      .output(z.object({ version: z.number(), status: z.enum(['approved', 'rejected']) }))
      .mutation(({ ctx, input }) => serviceOf(ctx.services).decide(input.version, input.approve, input.note ?? null, actorOf(ctx.user))),
  });
}
