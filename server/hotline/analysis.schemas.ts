/**
 * What the hotline procedures answer, as zod schemas: tRPC checks every answer against them, and the browser's
 * types come from them (through the AppRouter). Each schema `satisfies` the row type it describes, so a field
 * the repository adds or renames fails the type check here, not on a page.
 */
import { z } from 'zod';
import { orderStatusSchema } from '@/server/orders/views';
import type { ClusterRow, PlaceRow, RepeatedPlace, TicketListRow } from './analysis.repository';
import type { CellStats, Summary } from './analysis.service';

const n = z.number();
const nullableNumber = z.number().nullable();

export const summarySchema = z.object({
  tickets: n,
  overdue: n,
  overdueRate: nullableNumber,
  avgResponseMinutes: nullableNumber,
  avgCloseMinutes: nullableNumber,
  avgSatisfaction: nullableNumber,
  satisfiedRate: nullableNumber,
  closed: n,
}) satisfies z.ZodType<Summary>;

export const cellStatsSchema = z.object({
  cell: z.string(),
  tickets: n,
  overdue: n,
  avgResponseMinutes: nullableNumber,
  avgSatisfaction: nullableNumber,
  expected: n,
  z: n,
  emerging: z.boolean(),
}) satisfies z.ZodType<CellStats>;

export const hotlineMetaSchema = z.object({
  categories: z.array(z.object({ code: z.string(), group_code: z.string(), name_zh: z.string(), name_en: z.string() })),
  subDistricts: z.array(z.object({ code: z.string(), name: z.string(), name_en: z.string() })),
  firstDay: z.string().nullable(),
  lastDay: z.string().nullable(),
});
export type HotlineMeta = z.infer<typeof hotlineMetaSchema>;

const coded = summarySchema.extend({ code: z.string() });

export const overviewSchema = z.object({
  emergingPlaces: z.record(z.string(), z.object({ address: z.string(), subDistrictCode: z.string() }).nullable()),
  summary: summarySchema,
  subDistricts: z.array(coded),
  categories: z.array(coded),
  cells: z.array(cellStatsSchema),
  trend: z.array(summarySchema.extend({ period: z.string() })),
  trendBy: z.enum(['day', 'month']),
});
export type HotlineOverview = z.infer<typeof overviewSchema>;

export const placeRowSchema = z.object({
  placeKey: z.string(),
  address: z.string(),
  subDistrictCode: z.string(),
  tickets: n,
  overdue: n,
  lng: n,
  lat: n,
  firstDay: z.string(),
  lastDay: z.string(),
  topCategory: z.string(),
}) satisfies z.ZodType<PlaceRow>;

export const ticketListRowSchema = z.object({
  id: n,
  code: z.string(),
  receivedAt: z.date(),
  categoryCode: z.string(),
  address: z.string(),
  overdue: z.boolean(),
  closedAt: z.date().nullable(),
  satisfaction: nullableNumber,
}) satisfies z.ZodType<TicketListRow>;

export const repeatedPlaceSchema = z.object({
  placeKey: z.string(),
  address: z.string(),
  categoryCode: z.string(),
  subDistrictCode: z.string(),
  tickets: n,
  firstDay: z.string(),
  lastDay: z.string(),
  lng: n,
  lat: n,
}) satisfies z.ZodType<RepeatedPlace>;

export const clusterRowSchema = z.object({
  cluster: n,
  places: n,
  tickets: n,
  lng: n,
  lat: n,
  topAddress: z.string(),
}) satisfies z.ZodType<ClusterRow>;

export const timelineEntrySchema = z.object({
  at: z.date(),
  kind: z.enum(['received', 'responded', 'closed', 'due', 'rated']),
  late: z.boolean().optional(),
  score: z.number().optional(),
});

/** One ticket with its names and its life as a timeline (received, responded, due, closed, rated). */
export const ticketDetailSchema = z.object({
  id: n,
  code: z.string(),
  received_at: z.date(),
  due_at: z.date(),
  responded_at: z.date().nullable(),
  closed_at: z.date().nullable(),
  response_minutes: nullableNumber,
  close_minutes: nullableNumber,
  overdue: z.boolean(),
  satisfaction: nullableNumber,
  address: z.string(),
  place_key: z.string(),
  description: z.string(),
  category_code: z.string(),
  sub_district_code: z.string(),
  synthetic: z.boolean(),
  import_batch: z.string().nullable(),
  category_zh: z.string(),
  category_en: z.string(),
  sub_district_zh: z.string(),
  sub_district_en: z.string(),
  lng: n,
  lat: n,
  timeline: z.array(timelineEntrySchema),
});
export type TicketDetail = z.infer<typeof ticketDetailSchema>;

export const ticketPointsSchema = z.object({ points: z.array(z.tuple([n, n, n])), truncated: z.boolean() });

export const exportFileSchema = z.object({ fileName: z.string(), mimeType: z.string(), base64: z.string() });

export const importReportSchema = z.object({
  rows: n,
  validRows: n,
  errors: z.array(z.object({ row: n, column: z.string(), message: z.string() })),
  errorCount: n,
  badRows: n,
  imported: n,
  batch: z.string().nullable(),
});

export const preventiveOrderSchema = z.object({ id: n, code: z.string(), status: orderStatusSchema });
