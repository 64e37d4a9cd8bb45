/**
 * The one position history over tRPC, for the replay, the time slider and the coverage work: a unit's track over a
 * period (with stops, speeds and distance), every unit's position at a moment, the units that were inside an area
 * in a period, and the history writer's health for the system administrator. Simulated tracks say so.
 */
import { z } from 'zod';
import { permittedProcedure, router } from '../trpc';

const instant = z.coerce.date();
const period = z.object({ from: instant, to: instant });
const lngLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
/** A GeoJSON polygon: closed rings of at least four positions, at most 2,000 vertices in all. */
const polygon = z
  .object({ type: z.literal('Polygon'), coordinates: z.array(z.array(lngLat).min(4)).min(1) })
  .refine((p) => p.coordinates.flat().length <= 2000, { message: 'error.positions.badArea' })
  .refine((p) => p.coordinates.every((ring) => ring[0][0] === ring.at(-1)![0] && ring[0][1] === ring.at(-1)![1]), {
    message: 'error.positions.badArea',
  });

const trackOutput = z.object({
  unitId: z.number().int(),
  simulated: z.boolean(),
  points: z.array(z.object({ lng: z.number(), lat: z.number(), at: z.number(), speedMps: z.number().nullable() })),
  stops: z.array(z.object({ lng: z.number(), lat: z.number(), from: z.number(), to: z.number() })),
  distanceM: z.number(),
  truncated: z.boolean(),
});

/** A unit where its history has it at a moment (also the replay's units). */
export const unitAtMoment = z.object({
  unitId: z.number().int(),
  lng: z.number(),
  lat: z.number(),
  at: z.number(),
  speedMps: z.number().nullable(),
  headingDeg: z.number().nullable(),
  simulated: z.boolean(),
});

const momentOutput = z.array(unitAtMoment);

const crossingOutput = z.array(z.object({ unitId: z.number().int(), firstAt: z.date(), lastAt: z.date(), fixes: z.number().int() }));

const healthOutput = z.object({
  queued: z.number(),
  written: z.number(),
  dropped: z.number(),
  failed: z.number(),
  failingSince: z.number().nullable(),
  lastError: z.string().nullable(),
  /** The days kept, newest first: full resolution, or thinned to a fix a minute plus stops. */
  days: z.array(z.object({ day: z.string(), thinned: z.boolean() })),
});

export const positionsRouter = router({
  track: permittedProcedure('map:view')
    .input(period.extend({ unitId: z.number().int().positive() }))
    .output(trackOutput)
    .query(({ ctx, input }) => ctx.services.liveUnits.history.track(input.unitId, input.from, input.to)),

  at: permittedProcedure('map:view')
    .input(z.object({ at: instant, lookbackSeconds: z.number().int().min(1).max(86_400).default(600) }))
    .output(momentOutput)
    .query(({ ctx, input }) => ctx.services.liveUnits.history.positionsAt(input.at, input.lookbackSeconds)),

  crossing: permittedProcedure('map:view')
    .input(period.extend({ area: polygon }))
    .output(crossingOutput)
    .query(async ({ ctx, input }) =>
      (await ctx.services.liveUnits.history.crossing(input.area, input.from, input.to)).map((v) => ({
        ...v,
        firstAt: new Date(v.firstAt),
        lastAt: new Date(v.lastAt),
      })),
    ),

  health: permittedProcedure('devices:manage')
    .output(healthOutput)
    .query(({ ctx }) => ctx.services.liveUnits.history.status()),
});
