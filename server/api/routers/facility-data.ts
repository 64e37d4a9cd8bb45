/**
 * 数据采集/数据处理 for the data steward (issue 15): check a facility file (the cleansing report, nothing written),
 * import it per the mode and the duplicate choices, list and undo import batches, and keep the facility register
 * (search, history, edit, retire, restore). Files travel as base64 like every upload here (domain/api/limits.ts).
 */
import { z } from 'zod';
import { permittedProcedure, router } from '../trpc';
import { CRS_LIST } from '@/geo/crs';
import { DEFAULT_SETTINGS } from '@/server/facility-import/facility-import.service';
import { SOURCE_FORMATS } from '@/server/facility-import/read-source';
import { actorOf } from './orders';
import { scopeOf } from '@/domain/tenancy/district-scope';

const MAX_MEGABYTES = 20;

const settingsInput = z.object({
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/\.(geojson|json|zip|gpkg|csv|xlsx)$/i, '只能导入 GeoJSON、Shapefile（zip）、GeoPackage、CSV 或 XLSX / unsupported file type'),
  base64: z
    .string()
    .min(1)
    .max(Math.ceil((MAX_MEGABYTES * 1024 * 1024 * 4) / 3), `文件超过 ${MAX_MEGABYTES} MB / the file is over ${MAX_MEGABYTES} MB`),
  source: z.string().trim().min(1, '请填写数据源名称 / name the data source').max(80),
  crs: z.enum(CRS_LIST),
  duplicateMeters: z.number().min(1).max(500).default(DEFAULT_SETTINGS.duplicateMeters),
  nameSimilarity: z.number().min(0).max(1).default(DEFAULT_SETTINGS.nameSimilarity),
  retireMissing: z.boolean().default(false),
  defaultDecision: z.enum(['merge', 'new', 'skip']).default('merge'),
  decisions: z
    .array(z.object({ row: z.number().int().min(1), decision: z.enum(['merge', 'new', 'skip']) }))
    .max(10_000)
    .default([]),
});

const problem = z.object({
  code: z.string(),
  field: z.string(),
  value: z.string(),
  likelyCrs: z.enum(CRS_LIST).optional(),
  place: z.string().optional(),
});
const fix = z.object({ code: z.string(), field: z.string(), from: z.string(), to: z.string() });
const reportSchema = z.object({
  format: z.enum([...SOURCE_FORMATS, 'push']),
  source: z.string(),
  crs: z.enum(CRS_LIST),
  rows: z.number(),
  cleanRows: z.number(),
  problemRows: z.number(),
  duplicates: z.number(),
  actions: z.object({ insert: z.number(), update: z.number(), retire: z.number(), unchanged: z.number() }),
  problemsByCode: z.record(z.string(), z.number()),
  fixesByCode: z.record(z.string(), z.number()),
  retireMissing: z.number(),
  crsWarning: z.object({ declared: z.enum(CRS_LIST), likely: z.enum(CRS_LIST), points: z.number() }).nullable(),
  items: z.array(
    z.object({
      row: z.number(),
      sourceId: z.string(),
      name: z.string(),
      kind: z.string(),
      action: z.enum(['insert', 'update', 'retire', 'unchanged']),
      problems: z.array(problem),
      fixes: z.array(fix),
      duplicate: z
        .object({
          reason: z.enum(['nearbySimilar', 'sameSourceId']),
          existingId: z.number().nullable(),
          row: z.number().nullable(),
          name: z.string(),
          distanceM: z.number().nullable(),
          similarity: z.number().nullable(),
        })
        .nullable(),
      decision: z.enum(['merge', 'new', 'skip']).nullable(),
    }),
  ),
  itemsTotal: z.number(),
  written: z
    .object({
      batchId: z.number().nullable(),
      blocked: z.boolean(),
      inserted: z.number(),
      updated: z.number(),
      merged: z.number(),
      retired: z.number(),
      unchanged: z.number(),
      skipped: z.number(),
    })
    .nullable(),
});

const reason = z.string().trim().min(2, '请填写原因 / give a reason').max(500);

const settingsOf = (input: z.infer<typeof settingsInput>) => ({
  source: input.source,
  crs: input.crs,
  duplicateMeters: input.duplicateMeters,
  nameSimilarity: input.nameSimilarity,
  retireMissing: input.retireMissing,
  defaultDecision: input.defaultDecision,
  decisions: input.decisions,
});

export const facilityDataRouter = router({
  /** The cleansing report of a file; nothing is written. */
  check: permittedProcedure('facilities:steward')
    .input(settingsInput)
    .output(reportSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.facilityData.imports.check(
        { fileName: input.fileName, bytes: Buffer.from(input.base64, 'base64') },
        settingsOf(input),
        scopeOf(ctx.user),
      ),
    ),

  /** Imports a file: 'all' (everything or nothing) or 'valid' (the rows without problems). */
  import: permittedProcedure('facilities:steward')
    .input(settingsInput.extend({ mode: z.enum(['all', 'valid']) }))
    .output(reportSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.facilityData.imports.run(
        { fileName: input.fileName, bytes: Buffer.from(input.base64, 'base64') },
        settingsOf(input),
        input.mode,
        actorOf(ctx.user),
      ),
    ),

  batches: permittedProcedure('facilities:steward')
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }).optional())
    .query(({ ctx, input }) => ctx.services.facilityData.imports.batches(input?.limit, scopeOf(ctx.user))),

  sources: permittedProcedure('facilities:steward').query(({ ctx }) => ctx.services.facilityData.imports.sources(scopeOf(ctx.user))),

  undo: permittedProcedure('facilities:steward')
    .input(z.object({ batchId: z.number().int().positive(), reason }))
    .output(z.object({ facilities: z.number() }))
    .mutation(({ ctx, input }) => ctx.services.facilityData.imports.undo(input.batchId, input.reason, actorOf(ctx.user))),

  facilities: permittedProcedure('facilities:steward')
    .input(
      z.object({
        kind: z.string().max(40).optional(),
        subDistrictCode: z.string().max(20).optional(),
        source: z.string().max(80).optional(),
        text: z.string().trim().max(100).optional(),
        includeRetired: z.boolean().default(false),
        limit: z.number().int().min(1).max(200).default(50),
        offset: z.number().int().min(0).default(0),
      }),
    )
    .query(({ ctx, input }) => ctx.services.facilityData.records.search({ ...input, scope: scopeOf(ctx.user) })),

  history: permittedProcedure('facilities:steward')
    .input(z.object({ id: z.number().int().positive() }))
    .query(({ ctx, input }) => ctx.services.facilityData.records.history(input.id, scopeOf(ctx.user))),

  edit: permittedProcedure('facilities:steward')
    .input(
      z.object({
        id: z.number().int().positive(),
        version: z.number().int().positive(),
        name: z.string().trim().min(1, '请填写名称 / name required').max(200),
        status: z.string().min(1).max(40),
        address: z.string().trim().max(300).nullable(),
        subDistrictCode: z.string().min(1).max(20),
        lngLat: z.tuple([z.number().min(121).max(122), z.number().min(30.5).max(31.6)]).nullable(),
      }),
    )
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const { id, version, ...edit } = input;
      await ctx.services.facilityData.records.edit(id, version, edit, actorOf(ctx.user));
      return { ok: true as const };
    }),

  retire: permittedProcedure('facilities:steward')
    .input(z.object({ id: z.number().int().positive(), version: z.number().int().positive(), reason, restore: z.boolean().default(false) }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const records = ctx.services.facilityData.records;
      if (input.restore) await records.restore(input.id, input.version, input.reason, actorOf(ctx.user));
      else await records.retire(input.id, input.version, input.reason, actorOf(ctx.user));
      return { ok: true as const };
    }),
});
