/**
 * Alarms: the open list and what changed since a sequence number (resync after a reconnect), one alarm with its
 * ledger, lifecycle steps (acknowledge, to order, clear with a reason, close), the alarms linked to an order,
 * kiosk health, and the versioned thresholds (list, propose, approve or reject by someone else).
 */
import { z } from 'zod';
import { scopeOf } from '@/domain/tenancy/district-scope';
import { assertAlarmInScope } from '@/server/tenancy/scope-guard';
import { permittedProcedure, router } from '../trpc';
import { alarmRulesSchema } from '@/domain/alarms/alarm-rules';
import { alarmViewSchema } from '@/domain/alarms/alarm-view';
import { alarmDetailSchema } from '@/server/alarms/alarms.service';
import { kioskHealth, kioskHealthSchema } from '@/server/alarms/kiosk-health';
import { actorOf } from './orders';
import { versionedRulesRouter } from './versioned-rules';

const id = z.number().int().positive();
const expectedVersion = z.number().int().positive().optional();

const rulesRouter = versionedRulesRouter(alarmRulesSchema, (services) => services.alarms.rules, 'map:view');

export const alarmsRouter = router({
  open: permittedProcedure('map:view')
    .output(z.object({ seq: z.number(), alarms: z.array(alarmViewSchema) }))
    .query(({ ctx }) => ctx.services.alarms.alarms.open(500, scopeOf(ctx.user))),

  since: permittedProcedure('map:view')
    .input(z.object({ seq: z.number().int().min(0) }))
    .output(z.array(alarmViewSchema))
    .query(({ ctx, input }) => ctx.services.alarms.alarms.since(input.seq, 2000, scopeOf(ctx.user))),

  history: permittedProcedure('map:view')
    .input(
      z.object({
        from: z.coerce.date(),
        to: z.coerce.date(),
        text: z.string().trim().max(100).optional(),
        type: z.string().max(60).optional(),
        objectKind: z.string().max(40).optional(),
      }),
    )
    .output(
      z.object({
        alarms: z.array(alarmViewSchema),
        trend: z.array(z.object({ day: z.string(), type: z.string(), count: z.number() })),
      }),
    )
    .query(({ ctx, input }) => ctx.services.alarms.alarms.history({ ...input, text: input.text || undefined, scope: scopeOf(ctx.user) })),

  detail: permittedProcedure('map:view')
    .input(z.object({ id }))
    .output(alarmDetailSchema)
    .query(({ ctx, input }) => ctx.services.alarms.alarms.detail(input.id, scopeOf(ctx.user))),

  forOrder: permittedProcedure('orders:view')
    .input(z.object({ orderId: id }))
    .output(z.array(alarmViewSchema))
    .query(({ ctx, input }) => ctx.services.alarms.alarms.forOrder(input.orderId)),

  acknowledge: permittedProcedure('alarms:handle')
    .input(z.object({ id, expectedVersion }))
    .output(alarmViewSchema)
    .mutation(async ({ ctx, input }) => {
      await assertAlarmInScope(ctx.services.db, input.id, scopeOf(ctx.user));
      return ctx.services.alarms.alarms.acknowledge(input.id, actorOf(ctx.user), input.expectedVersion);
    }),

  toOrder: permittedProcedure('alarms:handle')
    .input(z.object({ id }))
    .output(alarmViewSchema)
    .mutation(async ({ ctx, input }) => {
      await assertAlarmInScope(ctx.services.db, input.id, scopeOf(ctx.user));
      return ctx.services.alarms.alarms.toOrder(input.id, actorOf(ctx.user));
    }),

  clear: permittedProcedure('alarms:handle')
    .input(z.object({ id, expectedVersion, reason: z.string().trim().min(1, '请填写消除原因 / give a reason').max(500) }))
    .output(alarmViewSchema)
    .mutation(async ({ ctx, input }) => {
      await assertAlarmInScope(ctx.services.db, input.id, scopeOf(ctx.user));
      return ctx.services.alarms.alarms.clear(input.id, input.reason, actorOf(ctx.user), input.expectedVersion);
    }),

  close: permittedProcedure('alarms:handle')
    .input(z.object({ id, expectedVersion, note: z.string().trim().max(500).nullish() }))
    .output(alarmViewSchema)
    .mutation(async ({ ctx, input }) => {
      await assertAlarmInScope(ctx.services.db, input.id, scopeOf(ctx.user));
      return ctx.services.alarms.alarms.close(input.id, actorOf(ctx.user), input.note ?? null, input.expectedVersion);
    }),

  kiosks: permittedProcedure('map:view')
    .output(z.array(kioskHealthSchema))
    .query(({ ctx }) => kioskHealth(ctx.services.db)),

  rules: rulesRouter,
});
