/**
 * AI voice calls (外呼): the calls of an order or all recent ones, a call a person asks for (门责三包告知, 签约收费提醒),
 * and the satisfaction heard on a follow-up call. The default provider records calls; it dials nobody.
 */
import { z } from 'zod';
import { permittedProcedure, router } from '../trpc';
import { VOICE_CALL_KINDS, voiceCallViewSchema } from '@/server/voice/voice.service';
import { actorOf } from './orders';

export const voiceRouter = router({
  calls: permittedProcedure('orders:view')
    .input(z.object({ orderId: z.number().int().positive().optional(), limit: z.number().int().min(1).max(500).default(100) }))
    .output(z.object({ provider: z.string(), placesCalls: z.boolean(), calls: z.array(voiceCallViewSchema) }))
    .query(async ({ ctx, input }) => {
      const voice = ctx.services.dispatchHub.voice;
      return { provider: voice.providerName, placesCalls: voice.placesCalls, calls: await voice.calls(input) };
    }),

  schedule: permittedProcedure('orders:dispatch')
    .input(
      z.object({
        kind: z.enum(VOICE_CALL_KINDS),
        targetName: z.string().trim().min(1, '请填写外呼对象 / who is called').max(64),
        targetPhone: z
          .string()
          .trim()
          .regex(/^[0-9+\- ]{3,32}$/, '电话号码格式有误 / phone: digits, +, - only')
          .nullish(),
        orderId: z.number().int().positive().nullish(),
        address: z.string().trim().max(200).nullish(),
      }),
    )
    .output(voiceCallViewSchema)
    .mutation(({ ctx, input }) => ctx.services.dispatchHub.voice.schedule({ ...input, targetPhone: input.targetPhone ?? null })),

  recordSatisfaction: permittedProcedure('orders:dispatch')
    .input(z.object({ orderId: z.number().int().positive(), score: z.number().int().min(1).max(5) }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.dispatchHub.voice.recordSatisfaction(input.orderId, input.score, actorOf(ctx.user));
      return { ok: true as const };
    }),
});
