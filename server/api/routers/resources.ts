/** The resource centre (数据资源中心): ledgers with multi-condition search and indicators by sub-district. Thin. */
import { z } from 'zod';
import { permittedProcedure, router } from '../trpc';
import { FACILITY_KINDS } from '@/server/facilities/facilities.service';
import { coverageRuleSchema } from '@/domain/work-coverage/coverage-rule';
import { WorkCoverageService } from '@/server/work-coverage/coverage.service';
import { LEDGER_PAGE_MAX, ledgerFilterSchema, ResourcesService, THEMES } from '@/server/resources/resources.service';

const viewer = permittedProcedure('map:view');
const kind = z.enum(FACILITY_KINDS);

const ledgerItem = z.object({
  id: z.number(),
  kind,
  code: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  status: z.string(),
  subDistrictCode: z.string(),
  subDistrictName: z.string().nullable(),
  subDistrictNameEn: z.string().nullable(),
  synthetic: z.boolean(),
  areaSquareMeters: z.number().nullable(),
  position: z.tuple([z.number(), z.number()]),
  updatedAt: z.date(),
});

export const resourcesRouter = router({
  ledger: viewer
    .input(
      ledgerFilterSchema.extend({
        cursor: z.number().int().min(0).nullish(),
        limit: z.number().int().min(1).max(LEDGER_PAGE_MAX).default(50),
      }),
    )
    .output(z.object({ items: z.array(ledgerItem), total: z.number(), statuses: z.array(z.string()), nextAfterId: z.number().nullable() }))
    .query(({ ctx, input }) => new ResourcesService(ctx.services.db).ledger(input, input.cursor ?? 0, input.limit)),

  indicators: viewer
    .input(z.object({ theme: z.enum(THEMES) }))
    .output(
      z.array(
        z.object({
          code: z.string(),
          name: z.string(),
          nameEn: z.string(),
          areaKm2: z.number(),
          counts: z.partialRecord(kind, z.number()),
          greenAreaM2: z.number().optional(),
          greenShare: z.number().optional(),
        }),
      ),
    )
    .query(({ ctx, input }) =>
      ctx.services.sharedReads.read(`resources.indicators:${input.theme}`, () =>
        new ResourcesService(ctx.services.db).indicators(input.theme),
      ),
    ),

  /** 作业覆盖: a day's swept and washed road segments, the rate per cleaning grade, the transfer-station trips. */
  workCoverage: viewer
    .input(
      z.object({
        // A real calendar day (z.iso.date refuses 2026-13-45 and 2026-02-30, which would reach the query as no instant).
        day: z.iso.date(),
        rule: coverageRuleSchema.partial().default({}),
      }),
    )
    .query(({ ctx, input }) => new WorkCoverageService(ctx.services.db).day(input.day, input.rule)),
});
