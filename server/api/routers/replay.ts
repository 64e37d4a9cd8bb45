/**
 * The wall's time slider: the whole district at one past moment (units, open orders, alarms and 12345 tickets as
 * they were), for whoever may see the live wall.
 */
import { z } from 'zod';
import { scopeOf } from '@/domain/tenancy/district-scope';
import { unitAtMoment } from './positions';
import { alarmViewSchema } from '@/domain/alarms/alarm-view';
import { districtAt } from '@/server/replay/district-at';
import { orderViewSchema } from '@/server/orders/views';
import { permittedProcedure, router } from '../trpc';

const districtAtOutput = z.object({
  at: z.number(),
  units: z.array(unitAtMoment),
  orders: z.array(orderViewSchema),
  alarms: z.array(alarmViewSchema),
  tickets: z.array(
    z.object({
      id: z.number(),
      code: z.string(),
      receivedAt: z.number(),
      categoryCode: z.string(),
      subDistrictCode: z.string(),
      address: z.string(),
      lng: z.number(),
      lat: z.number(),
      overdue: z.boolean(),
    }),
  ),
  readMs: z.number(),
});

export const replayRouter = router({
  districtAt: permittedProcedure('map:view')
    .input(
      z.object({
        at: z.coerce.date(),
        /** A unit whose last fix is older than this at the moment is not drawn (it was off or out of reach). */
        lookbackSeconds: z.number().int().min(10).max(3_600).default(600),
      }),
    )
    .output(districtAtOutput)
    .query(({ ctx, input }) =>
      districtAt(
        {
          db: ctx.services.db,
          clock: ctx.services.dispatchHub.clock,
          history: ctx.services.liveUnits.history,
          orders: ctx.services.dispatchHub.orders,
          alarms: ctx.services.alarms.alarms,
        },
        input.at,
        input.lookbackSeconds,
        scopeOf(ctx.user),
      ),
    ),
});
