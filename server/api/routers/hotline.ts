/**
 * 12345 hotline analysis (issue 5) for analysts and leaders: the overview of a period (statistics, sub-districts,
 * categories, hotspot cells with their emerging score, trend), drill-down to places, tickets and one ticket's
 * timeline, repeated places, clusters, the playback points, exports and a preventive work order from a hotspot.
 */
import { z } from 'zod';
import { permittedProcedure, router } from '../trpc';
import { clusters, places, repeatedPlaces, ticketById, ticketList, ticketPoints, trend, aggregate } from '@/server/hotline/analysis.repository';
import { hotspots, summarise } from '@/server/hotline/analysis.service';
import { encodeTable } from '@/server/hotline/export';
import { daysBetween } from '@/domain/periods';
import { viewTable } from '@/server/hotline/views';
import { importTickets } from '@/server/hotline/importer';
import { AppError } from '@/domain/errors';
import { actorOf } from './orders';

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
const MAX_FILE_BASE64 = Math.ceil((20 * 1024 * 1024 * 4) / 3);

export const hotlineRouter = router({
  /** Names for the filters and the first and last day with tickets. */
  meta: permittedProcedure('hotline:analyze').query(async ({ ctx }) => {
    const db = ctx.services.db;
    const [categories, subDistricts, range] = await Promise.all([
      db.selectFrom('order_categories').select(['code', 'group_code', 'name_zh', 'name_en']).orderBy('sort').execute(),
      db.selectFrom('sub_districts').select(['code', 'name', 'name_en']).orderBy('code').execute(),
      db.selectFrom('hotline_rollup_day').select((eb) => [eb.fn.min('day').as('first'), eb.fn.max('day').as('last')]).executeTakeFirst(),
    ]);
    const text = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : d ? String(d).slice(0, 10) : null);
    return { categories, subDistricts, firstDay: text(range?.first), lastDay: text(range?.last) };
  }),

  overview: permittedProcedure('hotline:analyze')
    .input(z.object({ filter: filterInput }))
    .query(async ({ ctx, input }) => {
      const db = ctx.services.db;
      const f = input.filter;
      const long = daysBetween(f.from, f.to) > 92;
      const [total, bySub, byCat, cells, series] = await Promise.all([
        aggregate(db, f, []),
        aggregate(db, f, ['sub_district_code']),
        aggregate(db, f, ['category_code']),
        hotspots(db, f),
        trend(db, f, long ? 'month' : 'day'),
      ]);
      // Each emerging cell is named by its busiest address (a few small reads on the cell index).
      const emerging = cells.filter((c) => c.emerging).slice(0, 12);
      const tops = await Promise.all(emerging.map((c) => places(db, f, { cell: c.cell, limit: 1 })));
      return {
        emergingPlaces: Object.fromEntries(emerging.map((c, i) => [c.cell, tops[i][0] ? { address: tops[i][0].address, subDistrictCode: tops[i][0].subDistrictCode } : null])),
        summary: summarise(total[0]),
        subDistricts: bySub.map((r) => ({ code: r.sub_district_code as string, ...summarise(r) })).sort((a, b) => b.tickets - a.tickets),
        categories: byCat.map((r) => ({ code: r.category_code as string, ...summarise(r) })).sort((a, b) => b.tickets - a.tickets),
        cells,
        trend: series.map((r) => ({ period: r.period, ...summarise(r) })),
        trendBy: long ? ('month' as const) : ('day' as const),
      };
    }),

  places: permittedProcedure('hotline:analyze')
    .input(z.object({ filter: filterInput, cell: z.string().max(20).optional() }))
    .query(({ ctx, input }) => places(ctx.services.db, input.filter, { cell: input.cell, limit: 50 })),

  tickets: permittedProcedure('hotline:analyze')
    .input(z.object({ filter: filterInput, placeKey: z.string().max(300).optional(), cell: z.string().max(20).optional() }))
    .query(({ ctx, input }) => ticketList(ctx.services.db, input.filter, { placeKey: input.placeKey, cell: input.cell })),

  ticket: permittedProcedure('hotline:analyze')
    .input(z.object({ id: z.number().int().positive() }))
    .query(async ({ ctx, input }) => {
      const t = await ticketById(ctx.services.db, input.id);
      if (!t) throw new AppError('NOT_FOUND', 'hotline.ticketMissing', 'No such ticket', { id: input.id });
      // The ticket's life as a timeline: received, responded, closed (or still open), rated.
      const timeline: Array<{ at: Date; kind: 'received' | 'responded' | 'closed' | 'due' | 'rated'; late?: boolean; score?: number }> = [
        { at: t.received_at, kind: 'received' },
      ];
      if (t.responded_at) timeline.push({ at: t.responded_at, kind: 'responded' });
      timeline.push({ at: t.due_at, kind: 'due' });
      if (t.closed_at) timeline.push({ at: t.closed_at, kind: 'closed', late: t.overdue });
      if (t.closed_at && t.satisfaction !== null) timeline.push({ at: t.closed_at, kind: 'rated', score: t.satisfaction });
      timeline.sort((a, b) => a.at.getTime() - b.at.getTime());
      return { ...t, id: Number(t.id), lng: Number(t.lng), lat: Number(t.lat), timeline };
    }),

  repeated: permittedProcedure('hotline:analyze')
    .input(z.object({ filter: filterInput, minTickets: z.number().int().min(2).max(100), days: z.number().int().min(1).max(365) }))
    .query(({ ctx, input }) => repeatedPlaces(ctx.services.db, input.filter, input.minTickets, input.days)),

  clusters: permittedProcedure('hotline:analyze')
    .input(z.object({ filter: filterInput, radiusMeters: z.number().min(20).max(2000).default(250), minTickets: z.number().int().min(1).max(1000).default(3) }))
    .query(({ ctx, input }) => clusters(ctx.services.db, input.filter, input.radiusMeters, input.minTickets)),

  /** The period's tickets as compact points for the map and the playback (at most POINT_LIMIT, oldest first). */
  points: permittedProcedure('hotline:analyze')
    .input(z.object({ filter: filterInput }))
    .query(async ({ ctx, input }) => {
      const rows = await ticketPoints(ctx.services.db, input.filter, POINT_LIMIT + 1);
      return { points: rows.slice(0, POINT_LIMIT).map((r) => [Number(r.lng), Number(r.lat), Number(r.t)] as [number, number, number]), truncated: rows.length > POINT_LIMIT };
    }),

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
    .mutation(async ({ ctx, input }) => {
      const table = await viewTable(ctx.services.db, input.view, input);
      return encodeTable(table, input.format, `12345-${input.view}-${input.filter.from}_${input.filter.to}`);
    }),

  /** Checks (mode 'check') or imports a 12345 export; see server/hotline/importer.ts for the modes. */
  import: permittedProcedure('hotline:import')
    .input(
      z.object({
        fileName: z.string().trim().min(1).max(200).regex(/\.(csv|xlsx)$/i, '只能导入 .csv 或 .xlsx 文件 / only .csv or .xlsx'),
        base64: z.string().min(1).max(MAX_FILE_BASE64, '文件超过 20 MB / the file is over 20 MB'),
        mode: z.enum(['check', 'all', 'valid']),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const report = await importTickets(ctx.services.db, { fileName: input.fileName, bytes: Buffer.from(input.base64, 'base64') }, input.mode);
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
