/**
 * Work orders: the taxonomy, intake by a person (desk or patrol), the queue, an order with its timeline, and
 * lifecycle commands. Thin: validate, call the dispatch hub's services, return their views.
 */
import { z } from 'zod';
import { scopeKey, scopeOf } from '@/domain/tenancy/district-scope';
import { assertOrderInScope } from '@/server/tenancy/scope-guard';
import { authedProcedure, permittedProcedure, router } from '../trpc';
import { URGENCIES } from '@/server/dispatch/rules';
import type { SessionUser } from '@/server/auth/auth.service';
import { attachmentInput } from '@/server/orders/attachments';
import { ORDER_ACTIONS } from '@/domain/orders/lifecycle';
import type { Actor } from '@/server/orders/order-change';
import {
  categoryViewSchema,
  deadlineStateSchema,
  orderDetailSchema,
  orderSourceSchema,
  orderStatusSchema,
  orderViewSchema,
  prioritySchema,
} from '@/server/orders/views';
import type { Priority } from '@/server/orders/time-limits';

export function actorOf(user: SessionUser): Actor {
  return { userId: user.id, name: user.displayName, role: user.role, unitId: user.unitId };
}

const lngLatInput = z.object({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) });

const reportFields = {
  categoryCode: z.string().trim().min(1).max(64).nullish(),
  description: z.string().trim().min(1, '请填写问题描述 / describe the problem').max(2000),
  address: z.string().trim().max(200).nullish(),
  location: lngLatInput.nullish(),
  attachments: z.array(attachmentInput).max(20).optional(),
};

const intakeInput = z.object({
  ...reportFields,
  source: orderSourceSchema,
  externalRef: z.string().trim().min(1).max(64).nullish(),
  priority: prioritySchema.optional(),
  urgency: z.enum(URGENCIES).optional(),
  reporterName: z.string().trim().max(64).nullish(),
  reporterPhone: z
    .string()
    .trim()
    .regex(/^[0-9+\- ]{3,32}$/, '电话号码格式有误 / phone: digits, +, - only')
    .nullish(),
});

const intakeOutput = z.object({
  order: orderViewSchema,
  created: z.boolean(),
  automatic: z.looseObject({ outcome: z.string() }).optional(),
});

const idOrCode = z.union([z.object({ id: z.number().int().positive() }), z.object({ code: z.string().regex(/^LR\d{8}-\d{6,}$/) })]);

const transitionInput = z.object({
  orderId: z.number().int().positive(),
  action: z.enum(ORDER_ACTIONS),
  expectedVersion: z.number().int().positive().optional(),
  note: z.string().trim().max(1000).nullish(),
  attachments: z.array(attachmentInput).max(20).optional(),
  extensionMinutes: z.number().int().optional(),
  /** 督办 by a person: the date the work must be done by. */
  dueBy: z.coerce.date().optional(),
  corrections: z
    .object({
      categoryCode: z.string().trim().min(1).max(64).optional(),
      subDistrictCode: z.string().trim().min(1).max(16).optional(),
      priority: prioritySchema.optional(),
    })
    .optional(),
  /** The phone's own id for this command (offline replay): the same id twice moves the order once. */
  clientKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .optional(),
});

const location = (l: { lng: number; lat: number } | null | undefined) => (l ? ([l.lng, l.lat] as const) : null);

export const ordersRouter = router({
  categories: authedProcedure.output(z.array(categoryViewSchema)).query(({ ctx }) => ctx.services.dispatchHub.orders.categories()),

  /** Intake by a person: a 12345 call typed in, a city-ops order, a walk-in. */
  create: permittedProcedure('orders:create')
    .input(intakeInput)
    .output(intakeOutput)
    .mutation(({ ctx, input }) =>
      ctx.services.dispatchHub.intake.receive(
        { ...input, priority: input.priority as Priority | undefined, location: location(input.location) },
        actorOf(ctx.user),
      ),
    ),

  /** A field unit reports a problem it found on patrol (巡查上报), with GPS or a map pick and photos. */
  report: permittedProcedure('field:use')
    .input(
      z.object({
        ...reportFields,
        clientKey: z
          .string()
          .regex(/^[A-Za-z0-9_-]{8,58}$/)
          .optional(),
      }),
    )
    .output(intakeOutput)
    .mutation(({ ctx, input }) => {
      const { clientKey, ...report } = input;
      // A report replayed from the phone's queue carries its id as the reference, so intake takes it once.
      return ctx.services.dispatchHub.intake.receive(
        { ...report, source: 'patrol', externalRef: clientKey ? `field-${clientKey}` : null, location: location(report.location) },
        actorOf(ctx.user),
      );
    }),

  /** The queue, newest first, with filters; each order carries its live clock. */
  list: permittedProcedure('orders:view')
    .input(
      z.object({
        statuses: z.array(orderStatusSchema).max(10).optional(),
        deadlineStates: z.array(deadlineStateSchema).max(3).optional(),
        subDistrictCode: z.string().max(16).optional(),
        categoryCode: z.string().max(64).optional(),
        source: orderSourceSchema.optional(),
        text: z.string().trim().max(64).optional(),
        /** A unit working on it now, by code or name. */
        unitText: z.string().trim().min(1).max(64).optional(),
        receivedFrom: z.coerce.date().optional(),
        limit: z.number().int().min(1).max(500).default(100),
        cursor: z.number().int().positive().optional(),
      }),
    )
    .output(z.array(orderViewSchema))
    // Shared by everyone asking the same page within SHARED_READ_MS (keyed by role, as views may differ by role);
    // any order change forgets the kept lists (server/app.ts).
    .query(({ ctx, input }) =>
      ctx.services.sharedReads.read(`orders.list:${ctx.user.role}:${scopeKey(scopeOf(ctx.user))}:${JSON.stringify(input)}`, () =>
        ctx.services.dispatchHub.orders.list({ ...input, beforeId: input.cursor, scope: scopeOf(ctx.user) }),
      ),
    ),

  /** One order with its timeline (the ledger), units, attachments and extension requests. */
  get: permittedProcedure('orders:view')
    .input(idOrCode)
    .output(orderDetailSchema)
    .query(async ({ ctx, input }) => {
      const orders = ctx.services.dispatchHub.orders;
      const id = 'id' in input ? input.id : (await orders.byCode(input.code)).id;
      await assertOrderInScope(ctx.services.db, id, scopeOf(ctx.user));
      return orders.detail(id);
    }),

  /** A field unit's own open tasks. */
  mine: permittedProcedure('field:use')
    .output(z.array(orderViewSchema))
    .query(({ ctx }) =>
      ctx.user.unitId === null
        ? []
        : ctx.services.dispatchHub.orders.list({
            unitId: ctx.user.unitId,
            statuses: ['dispatched', 'accepted', 'in_progress', 'awaiting_check'],
            limit: 200,
          }),
    ),

  /** One of the field unit's tasks, with its timeline. */
  myTask: permittedProcedure('field:use')
    .input(z.object({ id: z.number().int().positive() }))
    .output(orderDetailSchema)
    .query(({ ctx, input }) => ctx.services.dispatchHub.orders.detailForUnit(input.id, ctx.user.unitId)),

  /** A lifecycle command; who may do what is decided by the lifecycle and the caller's role. */
  transition: authedProcedure
    .input(transitionInput)
    .output(orderViewSchema)
    .mutation(async ({ ctx, input }) => {
      await assertOrderInScope(ctx.services.db, input.orderId, scopeOf(ctx.user));
      return ctx.services.dispatchHub.orders.transition(
        {
          ...input,
          corrections: input.corrections && { ...input.corrections, priority: input.corrections.priority as Priority | undefined },
        },
        actorOf(ctx.user),
      );
    }),
});
