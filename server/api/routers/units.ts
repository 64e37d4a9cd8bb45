/**
 * Live units over tRPC. `snapshot` is what a map loads first and re-reads after reconnecting: every unit in slot
 * order (the slot is the index position frames refer to) with its last position and online state, plus the epoch
 * and sequence number that tell the client which frames to apply next.
 */
import { z } from 'zod';
import { scopeOf } from '@/domain/tenancy/district-scope';
import { permittedProcedure, router } from '../trpc';
import { AppError } from '@/domain/errors';
import { unitKindSchema as unitKind } from '@/server/dispatch/rules';
import { checkPosition } from '@/server/units/ingest/position-checks';

const snapshotUnit = z.object({
  slot: z.number().int(),
  id: z.number().int(),
  code: z.string(),
  kind: unitKind,
  name: z.string(),
  subDistrictCode: z.string(),
  synthetic: z.boolean(),
  online: z.boolean(),
  position: z
    .object({ lng: z.number(), lat: z.number(), speedMps: z.number().nullable(), headingDeg: z.number().nullable(), at: z.number() })
    .nullable(),
  lastSeenAt: z.number().nullable(),
  source: z.enum(['device', 'osmand', 'simulator']).nullable(),
  device: z
    .object({
      at: z.number(),
      batteryPercent: z.number().optional(),
      charging: z.boolean().optional(),
      pushToken: z.string().optional(),
      cell: z.string().optional(),
      wifi: z.string().optional(),
      alarm: z.string().optional(),
      invalidFix: z.object({ lng: z.number(), lat: z.number(), at: z.number() }).optional(),
    })
    .nullable(),
});

const unitsSnapshot = z.object({
  epoch: z.number().int(),
  sequence: z.number().int(),
  serverTime: z.number(),
  frameIntervalMs: z.number(),
  offlineAfterSeconds: z.number(),
  units: z.array(snapshotUnit),
});

export const unitsRouter = router({
  snapshot: permittedProcedure('map:view')
    .output(unitsSnapshot)
    .query(({ ctx }) => ctx.services.liveUnits.snapshot(scopeOf(ctx.user))),

  /** The signed-in field unit's phone reports where it is (on duty, from the browser's geolocation). */
  reportMine: permittedProcedure('field:use')
    .input(
      z.object({
        lng: z.number(),
        lat: z.number(),
        recordedAt: z.number().int(),
        speedMps: z.number().nullable().optional(),
        headingDeg: z.number().nullable().optional(),
        accuracyM: z.number().nullable().optional(),
      }),
    )
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const unit = ctx.user.unitId === null ? undefined : ctx.services.liveUnits.unitById(ctx.user.unitId);
      if (!unit) throw new AppError('FORBIDDEN', 'orders.error.notAssigned', 'Your account has no unit', { code: '—' });
      const fix = checkPosition(input, 0, Date.now());
      await ctx.services.liveUnits.acceptDevicePositions([{ unit, fix }], 'device');
      return { ok: true as const };
    }),
});
