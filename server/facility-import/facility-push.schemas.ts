/**
 * The push interface's body and answer (POST /api/data/facilities/push), shared by the route and the served OpenAPI
 * document. A source system sends its changes by its own stable ids: `upsert` inserts or updates, `retire` retires.
 */
import { z } from 'zod';
import { CRS_LIST } from '@/geo/crs';

export const MAX_PUSH_CHANGES = 5_000;

const geometry = z
  .object({
    type: z.enum(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']),
    coordinates: z.array(z.unknown()),
  })
  .describe('GeoJSON geometry in the declared coordinate system');

export const facilityChange = z.object({
  sourceId: z.string().trim().min(1).max(100).describe('the source system’s stable id of the facility'),
  op: z.enum(['upsert', 'retire']),
  kind: z.string().max(60).optional().describe('facility kind: toilet, transfer_station … or a Chinese name (公厕, 中转站 …)'),
  name: z.string().max(200).optional(),
  status: z.string().max(60).optional(),
  address: z.string().max(300).optional(),
  subDistrict: z.string().max(60).optional().describe('sub-district code or name'),
  lng: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
  geometry: geometry.optional(),
  attrs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});

export const facilityPushBody = z.object({
  crs: z.enum(CRS_LIST).default('wgs84').describe('coordinate system of every position in the body'),
  mode: z.enum(['all', 'valid']).default('all').describe('all: every change or none; valid: the changes without problems'),
  changes: z.array(facilityChange).min(1).max(MAX_PUSH_CHANGES),
});
export type FacilityPushBody = z.infer<typeof facilityPushBody>;

export const facilityPushAnswer = z.object({
  batchId: z.number().nullable().describe('the import batch written; null when nothing was written'),
  blocked: z.boolean().describe('mode all and some change has a problem: nothing written'),
  inserted: z.number(),
  updated: z.number(),
  merged: z.number(),
  retired: z.number(),
  unchanged: z.number(),
  skipped: z.number(),
  problems: z.array(
    z.object({
      index: z.number(),
      sourceId: z.string(),
      problems: z.array(z.object({ code: z.string(), field: z.string(), value: z.string() })),
    }),
  ),
  crsWarning: z.object({ declared: z.string(), likely: z.string(), points: z.number() }).nullable(),
});
