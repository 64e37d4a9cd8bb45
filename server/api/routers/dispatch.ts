/**
 * Nearest-unit dispatch and its rules: candidates for an order or a clicked point, assignment (one click, one
 * or several units, version-checked), and the versioned dispatch rules (list, propose, approve or reject).
 */
import { z } from 'zod';
import { permittedProcedure, router } from '../trpc';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { type DistrictScope, scopeHolds, scopeOf } from '@/domain/tenancy/district-scope';
import { assertOrderInScope, assertUnitsInScope } from '@/server/tenancy/scope-guard';
import { candidatesResultSchema } from '@/server/dispatch/dispatch.service';
import { dispatchRulesSchema, unitKindSchema } from '@/server/dispatch/rules';
import { deliveryViewSchema, outboxViewSchema } from '@/server/partners/partner-delivery.service';
import { AppError } from '@/domain/errors';
import { URGENCIES } from '@/server/dispatch/rules';
import { orderViewSchema } from '@/server/orders/views';
import { scopesFor } from '@/server/clients/client-scopes';
import { actorOf } from './orders';
import { versionedRulesRouter } from './versioned-rules';

const limit = z.number().int().min(1).max(50).default(8);
const unitKinds = z.array(unitKindSchema).max(8).optional();

const candidatesInput = z.union([
  z.object({ orderId: z.number().int().positive(), unitKinds, limit }),
  z
    .object({
      lng: z.number().min(-180).max(180),
      lat: z.number().min(-90).max(90),
      categoryCode: z.string().trim().min(1).max(64).optional(),
      unitKinds,
      limit,
    })
    .refine((p) => p.categoryCode || p.unitKinds?.length, { message: '请选择问题类型或力量类型 / give a category or unit kinds' }),
]);

const rulesRouter = versionedRulesRouter(dispatchRulesSchema, (services) => services.dispatchHub.dispatchRules, 'orders:view');

/** One simulated partner platform: what it sent us and the progress reports it heard back. */
const demoPlatformStatusSchema = z.object({
  partner: z.enum(['city_ops', 'hotline_12345']),
  simulated: z.boolean(),
  sent: z.array(z.object({ ref: z.string(), code: z.string().nullable(), status: z.number() })),
  reports: z.array(
    z.object({ ref: z.string(), code: z.string(), action: z.string(), to: z.string(), at: z.string(), evidence: z.number() }),
  ),
  positionBatches: z.number(),
  positionsReceived: z.number(),
});

/** A dispatcher sends their own district's units to their own district's orders. */
async function assertDispatchInScope(db: Kysely<Database>, input: { orderId: number; unitIds: number[] }, scope: DistrictScope) {
  await assertOrderInScope(db, input.orderId, scope);
  await assertUnitsInScope(db, input.unitIds, scope);
}

export const dispatchRouter = router({
  /** Ranked units for an order, or for any point on the map with a category or unit kinds. */
  candidates: permittedProcedure('orders:dispatch')
    .input(candidatesInput)
    .output(candidatesResultSchema)
    .query(async ({ ctx, input }) => {
      const dispatch = ctx.services.dispatchHub.dispatch;
      const scope = scopeOf(ctx.user);
      if ('orderId' in input) await assertOrderInScope(ctx.services.db, input.orderId, scope);
      const result =
        'orderId' in input
          ? await dispatch.candidatesForOrder(input.orderId, { limit: input.limit, unitKinds: input.unitKinds })
          : await dispatch.candidatesAt(
              [input.lng, input.lat],
              { categoryCode: input.categoryCode, unitKinds: input.unitKinds },
              input.limit,
            );
      // Only the caller's district's units are offered (a unit across the district line belongs to another wall).
      if (scope.kind === 'city') return result;
      const own = (unitId: number) => scopeHolds(scope, ctx.services.liveUnits.unitById(unitId)?.districtCode ?? null);
      return { ...result, candidates: result.candidates.filter((c) => own(c.unitId)) };
    }),

  /** One click: send these units. Two dispatchers at once: one wins, the other gets CONFLICT naming the winner. */
  assign: permittedProcedure('orders:dispatch')
    .input(
      z.object({
        orderId: z.number().int().positive(),
        unitIds: z.array(z.number().int().positive()).min(1, '至少选择一个处置力量 / choose at least one unit').max(10),
        expectedVersion: z.number().int().positive(),
        note: z.string().trim().max(1000).nullish(),
      }),
    )
    .output(orderViewSchema)
    .mutation(async ({ ctx, input }) => {
      await assertDispatchInScope(ctx.services.db, input, scopeOf(ctx.user));
      return ctx.services.dispatchHub.dispatch.assign(input, actorOf(ctx.user));
    }),

  /**
   * 改派: other units instead of those on the order (dispatched, accepted or in progress), with the reason; the
   * old units' phones are told it was withdrawn, the new ones receive it to accept.
   */
  reassign: permittedProcedure('orders:dispatch')
    .input(
      z.object({
        orderId: z.number().int().positive(),
        unitIds: z.array(z.number().int().positive()).min(1, '至少选择一个处置力量 / choose at least one unit').max(10),
        expectedVersion: z.number().int().positive(),
        note: z.string().trim().min(1, '请填写改派原因 / give the reason').max(1000),
      }),
    )
    .output(orderViewSchema)
    .mutation(async ({ ctx, input }) => {
      await assertDispatchInScope(ctx.services.db, input, scopeOf(ctx.user));
      return ctx.services.dispatchHub.dispatch.assign({ ...input, reassign: true }, actorOf(ctx.user));
    }),

  rules: rulesRouter,

  /** The linked platforms (区城运, 12345, Open311 clients): configuration, the report queue, replaying dead letters. */
  partners: router({
    deliveries: permittedProcedure('partners:operate')
      .input(
        z.object({
          status: z.enum(['pending', 'delivered', 'dead']).default('dead'),
          limit: z.number().int().min(1).max(500).default(100),
        }),
      )
      .output(z.array(deliveryViewSchema))
      .query(({ ctx, input }) => ctx.services.dispatchHub.partnerDeliveries.list(input.status, input.limit)),
    replay: permittedProcedure('partners:operate')
      .input(z.object({ eventId: z.number().int().positive() }))
      .output(z.object({ ok: z.literal(true) }))
      .mutation(async ({ ctx, input }) => {
        await ctx.services.dispatchHub.partnerDeliveries.replay(input.eventId);
        await ctx.services.auth.audit(
          ctx.user.id,
          ctx.user.username,
          ctx.user.role,
          'partners.delivery_replayed',
          'ok',
          ctx.ip,
          {},
          String(input.eventId),
        );
        return { ok: true as const };
      }),
    /** Other messages to the platforms (batched unit positions), by state. */
    outbox: permittedProcedure('partners:operate')
      .input(
        z.object({
          status: z.enum(['pending', 'delivered', 'dead']).default('dead'),
          limit: z.number().int().min(1).max(500).default(100),
        }),
      )
      .output(z.array(outboxViewSchema))
      .query(({ ctx, input }) => ctx.services.dispatchHub.partnerDeliveries.listOutbox(input.status, input.limit)),
    replayOutbox: permittedProcedure('partners:operate')
      .input(z.object({ id: z.number().int().positive() }))
      .output(z.object({ ok: z.literal(true) }))
      .mutation(async ({ ctx, input }) => {
        await ctx.services.dispatchHub.partnerDeliveries.replayOutbox(input.id);
        await ctx.services.auth.audit(
          ctx.user.id,
          ctx.user.username,
          ctx.user.role,
          'partners.outbox_replayed',
          'ok',
          ctx.ip,
          {},
          String(input.id),
        );
        return { ok: true as const };
      }),
    /** The demonstration's simulated 12345 and 区城运: what they sent and what they heard back ([] when not simulated). */
    simulated: permittedProcedure('partners:operate')
      .output(z.array(demoPlatformStatusSchema))
      .query(({ ctx }) => ctx.services.demoPlatforms?.status() ?? []),
    /** Has a simulated platform send one ticket now, through the signed interface (demonstrations and tests). */
    simulateTicket: permittedProcedure('partners:operate')
      .input(
        z.object({
          partner: z.enum(['city_ops', 'hotline_12345']),
          category: z.string().trim().min(1).max(64).optional(),
          description: z.string().trim().min(1).max(2000).optional(),
          address: z.string().trim().max(200).optional(),
          urgency: z.enum(URGENCIES).optional(),
          location: z.object({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }).optional(),
        }),
      )
      .output(z.object({ ref: z.string(), code: z.string().nullable(), status: z.number() }))
      .mutation(async ({ ctx, input }) => {
        const demo = ctx.services.demoPlatforms;
        if (!demo || !demo.status().some((p) => p.partner === input.partner)) {
          throw new AppError('BAD_REQUEST', 'partners.error.notSimulated', `${input.partner} is not simulated on this server`, {
            partner: input.partner,
          });
        }
        const { partner, ...over } = input;
        return demo.sendTicket(partner, over);
      }),
    /** Keys and endpoint of a linked platform; the secrets are written here and never read back. */
    configure: permittedProcedure('partners:operate')
      .input(
        z.object({
          code: z.enum(['city_ops', 'hotline_12345']),
          name: z.string().trim().min(1).max(64),
          inboundSecret: z.string().min(24, '密钥至少 24 个字符 / at least 24 characters').max(256),
          outboundUrl: z.url({ protocol: /^https?$/ }).nullable(),
          outboundSecret: z.string().min(24).max(256).nullable(),
          active: z.boolean().default(true),
        }),
      )
      .output(z.object({ ok: z.literal(true) }))
      .mutation(async ({ ctx, input }) => {
        await ctx.services.dispatchHub.partnerDeliveries.configurePartner(input);
        await ctx.services.auth.audit(
          ctx.user.id,
          ctx.user.username,
          ctx.user.role,
          'partners.configured',
          'ok',
          ctx.ip,
          { outboundUrl: input.outboundUrl, active: input.active },
          input.code,
        );
        return { ok: true as const };
      }),
    /** A new Open311 client in the one registry of outside clients; its api_key is shown this once. */
    registerOpen311Client: permittedProcedure('partners:operate')
      .input(z.object({ name: z.string().trim().min(1).max(64) }))
      .output(z.object({ apiKey: z.string() }))
      .mutation(async ({ ctx, input }) => {
        const { key } = await ctx.services.outsideClients.issue(
          { kind: 'open311', name: input.name, scopes: scopesFor('open311') },
          actorOf(ctx.user),
        );
        return { apiKey: key };
      }),
  }),
});
