/**
 * 12345 hotline analysis (issue 5) for analysts and leaders: the overview of a period (statistics, sub-districts,
 * categories, hotspot cells with their emerging score, trend), drill-down to places, tickets and one ticket's
 * timeline, repeated places, clusters, the playback points, exports and a preventive work order from a hotspot.
 */
import { z } from 'zod';
import { permittedProcedure, router } from '../trpc';
import {
  clusterRowSchema,
  exportFileSchema,
  hotlineMetaSchema,
  importReportSchema,
  overviewSchema,
  placeRowSchema,
  preventiveOrderSchema,
  repeatedPlaceSchema,
  ticketDetailSchema,
  ticketListRowSchema,
  ticketPointsSchema,
} from '@/server/hotline/analysis.schemas';
import {
  busiestPlaces,
  hotlineMeta,
  overview,
  placeClusters,
  playbackPoints,
  repeatedProblems,
  ticketDetail,
  ticketsAt,
} from '@/server/hotline/analysis.service';
import { encodeTable } from '@/server/hotline/export';
import { daysBetween } from '@/domain/periods';
import { viewTable } from '@/server/hotline/views';
import { importTickets } from '@/server/hotline/importer';
import { spreadsheetUploadSchema } from '@/server/import/upload-schema';
import { actorOf } from './orders';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { AppError } from '@/domain/errors';
import { scopeOf } from '@/domain/tenancy/district-scope';
import type { SessionUser } from '@/server/auth/auth.service';
import { subDistrictsWithin } from '@/server/tenancy/scoped-sub-districts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD / dates are YYYY-MM-DD');
const filterInput = z
  .object({
    from: day,
    to: day,
    categories: z.array(z.string().max(64)).max(30).optional(),
    subDistricts: z.array(z.string().max(16)).max(20).optional(),
  })
  .refine((f) => f.from <= f.to, { message: '开始日期不能晚于结束日期 / the start is after the end' })
  .refine((f) => daysBetween(f.from, f.to) <= 1200, { message: '时间范围最长约三年 / at most about three years' });

const POINT_LIMIT = 60_000;

/** An analyst reads their own district's tickets (domain/tenancy/district-scope.ts). */
async function scoped<F extends { subDistricts?: string[] }>(
  ctx: { services: { db: Kysely<Database> }; user: SessionUser },
  filter: F,
): Promise<F> {
  const subDistricts = await subDistrictsWithin(ctx.services.db, scopeOf(ctx.user), filter.subDistricts);
  return { ...filter, subDistricts: subDistricts && [...subDistricts] };
}

export const hotlineRouter = router({
  /** Names for the filters and the first and last day with tickets. */
  meta: permittedProcedure('hotline:analyze')
    .output(hotlineMetaSchema)
    .query(async ({ ctx }) => {
      const meta = await hotlineMeta(ctx.services.db);
      const own = await subDistrictsWithin(ctx.services.db, scopeOf(ctx.user));
      return own ? { ...meta, subDistricts: meta.subDistricts.filter((s) => own.includes(s.code)) } : meta;
    }),

  overview: permittedProcedure('hotline:analyze')
    .input(z.object({ filter: filterInput }))
    .output(overviewSchema)
    .query(async ({ ctx, input }) => overview(ctx.services.db, await scoped(ctx, input.filter))),

  places: permittedProcedure('hotline:analyze')
    .input(z.object({ filter: filterInput, cell: z.string().max(20).optional() }))
    .output(z.array(placeRowSchema))
    .query(async ({ ctx, input }) => busiestPlaces(ctx.services.db, await scoped(ctx, input.filter), input.cell)),

  tickets: permittedProcedure('hotline:analyze')
    .input(z.object({ filter: filterInput, placeKey: z.string().max(300).optional(), cell: z.string().max(20).optional() }))
    .output(z.array(ticketListRowSchema))
    .query(async ({ ctx, input }) =>
      ticketsAt(ctx.services.db, await scoped(ctx, input.filter), { placeKey: input.placeKey, cell: input.cell }),
    ),

  ticket: permittedProcedure('hotline:analyze')
    .input(z.object({ id: z.number().int().positive() }))
    .output(ticketDetailSchema)
    .query(async ({ ctx, input }) => {
      const detail = await ticketDetail(ctx.services.db, input.id);
      // Another district's ticket is not found, as one that does not exist.
      const own = await subDistrictsWithin(ctx.services.db, scopeOf(ctx.user), [detail.sub_district_code]);
      if (own && !own.includes(detail.sub_district_code))
        throw new AppError('NOT_FOUND', 'hotline.ticketMissing', 'No such ticket', { id: input.id });
      return detail;
    }),

  repeated: permittedProcedure('hotline:analyze')
    .input(z.object({ filter: filterInput, minTickets: z.number().int().min(2).max(100), days: z.number().int().min(1).max(365) }))
    .output(z.array(repeatedPlaceSchema))
    .query(async ({ ctx, input }) => repeatedProblems(ctx.services.db, await scoped(ctx, input.filter), input.minTickets, input.days)),

  clusters: permittedProcedure('hotline:analyze')
    .input(
      z.object({
        filter: filterInput,
        radiusMeters: z.number().min(20).max(2000).default(250),
        minTickets: z.number().int().min(1).max(1000).default(3),
      }),
    )
    .output(z.array(clusterRowSchema))
    .query(async ({ ctx, input }) => placeClusters(ctx.services.db, await scoped(ctx, input.filter), input.radiusMeters, input.minTickets)),

  /** The period's tickets as compact points for the map and the playback (at most POINT_LIMIT, oldest first). */
  points: permittedProcedure('hotline:analyze')
    .input(z.object({ filter: filterInput }))
    .output(ticketPointsSchema)
    .query(async ({ ctx, input }) => playbackPoints(ctx.services.db, await scoped(ctx, input.filter), POINT_LIMIT)),

  export: permittedProcedure('hotline:analyze')
    .input(
      z.object({
        view: z.enum(['sub_districts', 'categories', 'hotspots', 'places', 'tickets', 'repeated']),
        format: z.enum(['csv', 'xlsx']),
        filter: filterInput,
        placeKey: z.string().max(300).optional(),
        cell: z.string().max(20).optional(),
        minTickets: z.number().int().min(2).max(100).optional(),
        days: z.number().int().min(1).max(365).optional(),
      }),
    )
    .output(exportFileSchema)
    .mutation(async ({ ctx, input }) => {
      const table = await viewTable(ctx.services.db, input.view, { ...input, filter: await scoped(ctx, input.filter) });
      return encodeTable(table, input.format, `12345-${input.view}-${input.filter.from}_${input.filter.to}`);
    }),

  /** Checks (mode 'check') or imports a 12345 export; see server/hotline/importer.ts for the modes. */
  import: permittedProcedure('hotline:import')
    .input(spreadsheetUploadSchema(20))
    .output(importReportSchema)
    .mutation(async ({ ctx, input }) => {
      const report = await importTickets(
        ctx.services.db,
        { fileName: input.fileName, bytes: Buffer.from(input.base64, 'base64') },
        input.mode,
      );
      // The screen shows the first problems; the counts say how many there are in all.
      return { ...report, errors: report.errors.slice(0, 500), errorCount: report.errors.length };
    }),

  /** One click from a hotspot: a preventive patrol order at its busiest place, through the ordinary intake. */
  preventiveOrder: permittedProcedure('orders:create')
    .input(
      z.object({
        address: z.string().trim().min(1).max(300),
        lng: z.number().min(121).max(122),
        lat: z.number().min(30.5, '位置不在长宁区 / not in Changning').max(31.6),
        categoryCode: z.string().max(64).nullish(),
        tickets: z.number().int().min(0),
        period: z.string().max(40),
      }),
    )
    .output(preventiveOrderSchema)
    .mutation(async ({ ctx, input }) => {
      const result = await ctx.services.dispatchHub.intake.receive(
        {
          source: 'patrol',
          categoryCode: input.categoryCode ?? null,
          description: `12345热点预防性巡查：${input.address}，${input.period} 共 ${input.tickets} 件工单 / preventive patrol at a 12345 hotspot`,
          address: input.address,
          location: [input.lng, input.lat],
          decisions: { hotline: { tickets: input.tickets, period: input.period } },
        },
        actorOf(ctx.user),
      );
      return { id: result.order.id, code: result.order.code, status: result.order.status };
    }),
});
