/**
 * Landscape lighting (景观灯光): the plans (proposed by one person, approved by another), every light against the
 * plan now with the mismatch list, and batch repair orders from faulty lights. Each is the reader's district's
 * (domain/tenancy/district-scope.ts): a plan switches its own district's lights only.
 */
import { z } from 'zod';
import { scopeOf } from '@/domain/tenancy/district-scope';
import { permittedProcedure, router } from '../trpc';
import {
  batchRepairResultSchema,
  lightingStatusSchema,
  planDecisionSchema,
  planViewSchema,
  proposePlanSchema,
  repairCategorySchema,
} from '@/server/lighting/lighting.service';
import { actorOf } from './orders';

export const lightingRouter = router({
  status: permittedProcedure('map:view')
    .input(z.object({ limit: z.number().int().min(1).max(2000).default(200) }).optional())
    .output(lightingStatusSchema)
    .query(({ ctx, input }) => ctx.services.lighting.status(input?.limit ?? 200, scopeOf(ctx.user))),

  plans: permittedProcedure('map:view')
    .output(z.array(planViewSchema))
    .query(({ ctx }) => ctx.services.lighting.plans(scopeOf(ctx.user))),

  propose: permittedProcedure('rules:propose')
    .input(proposePlanSchema)
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) => ctx.services.lighting.propose(input, actorOf(ctx.user), scopeOf(ctx.user))),

  decide: permittedProcedure('rules:approve')
    .input(z.object({ id: z.number().int().positive(), approve: z.boolean(), note: z.string().trim().max(500).nullish() }))
    .output(planDecisionSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.lighting.decide(input.id, input.approve, input.note ?? null, actorOf(ctx.user), scopeOf(ctx.user)),
    ),

  /** One click: one repair order per selected faulty light that has none open. */
  batchRepair: permittedProcedure('orders:create')
    .input(
      z.object({
        facilityIds: z.array(z.number().int().positive()).min(1, '请选择故障灯 / select faulty lights').max(200),
        categoryCode: repairCategorySchema,
      }),
    )
    .output(batchRepairResultSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.lighting.batchRepair(input.facilityIds, input.categoryCode, actorOf(ctx.user), scopeOf(ctx.user)),
    ),
});
