/**
 * The command map's data: facility layers in compact column form, one facility's detail, the district and its
 * sub-districts (for zooming), and the facility KPIs. Thin: validation here, rules in the services.
 */
import { z } from 'zod';
import { scopeKey, scopeOf } from '@/domain/tenancy/district-scope';
import { permittedProcedure, router } from '../trpc';
import { FACILITY_KINDS, FacilitiesService } from '@/server/facilities/facilities.service';
import { GeographyService } from '@/server/geography/geography.service';

const viewer = permittedProcedure('map:view');
/** Enough landmarks to find a spot by; more only crowd a phone's map. */
const ADDRESSES_NEAR_LIMIT = 40;

const kind = z.enum(FACILITY_KINDS);
const bbox = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const lngLat = z.tuple([z.number(), z.number()]);
/** A sub-district's statistical code (长宁's are 9 digits); an unknown one simply has no facilities. */
const subDistrictCode = z.string().regex(/^\d{6,12}$/);

const compactLayer = z.object({
  kind,
  geometry: z.enum(['point', 'path', 'polygon']),
  count: z.number().int(),
  ids: z.array(z.number().int()),
  names: z.array(z.string()),
  statuses: z.array(z.string()),
  status: z.array(z.number().int()),
  subDistricts: z.array(z.string()),
  subDistrict: z.array(z.number().int()),
  synthetic: z.array(z.number().int()),
  positions: z.array(z.number()),
  paths: z.array(z.array(z.array(z.number()))),
  grades: z.array(z.string()),
  polygons: z.array(z.array(z.array(z.array(z.number())))),
  areas: z.array(z.number()),
  labels: z.array(z.string()),
});

const attrValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const facilityDetail = z.object({
  id: z.number().int(),
  kind,
  code: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  status: z.string(),
  attrs: z.record(z.string(), attrValue),
  synthetic: z.boolean(),
  geocodeQuality: z.enum(['exact', 'nearest_number', 'road', 'sub_district_centre']).nullable(),
  subDistrictCode: z.string(),
  subDistrictName: z.string().nullable(),
  subDistrictNameEn: z.string().nullable(),
  geometryType: z.string(),
  position: lngLat,
  areaSquareMeters: z.number().nullable(),
  within: z.array(z.string()),
  updatedAt: z.date(),
});

const lightsInArea = z.object({
  total: z.number(),
  on: z.number(),
  off: z.number(),
  fault: z.number(),
  faultRate: z.number(),
  onRate: z.number(),
});

const greeningInArea = z.object({ parks: z.number(), namedParks: z.number(), trees: z.number(), greenAreaM2: z.number() });

const kpis = z.object({
  subDistrict: z.string().nullable(),
  byKind: z.array(z.object({ kind, total: z.number(), statuses: z.array(z.object({ status: z.string(), count: z.number() })) })),
  lights: lightsInArea,
  lightsBySubDistrict: z.array(lightsInArea.extend({ code: z.string(), name: z.string(), nameEn: z.string() })),
  kiosks: z.object({ online: z.number(), total: z.number() }),
  toilets: z.object({ open: z.number(), total: z.number() }),
  greening: greeningInArea.extend({
    outlinesSumM2: z.number(),
    bySubDistrict: z.array(greeningInArea.extend({ code: z.string(), name: z.string(), nameEn: z.string() })),
  }),
});

export const mapRouter = router({
  layer: viewer
    .input(z.object({ kind }))
    .output(compactLayer)
    .query(({ ctx, input }) => {
      const scope = scopeOf(ctx.user);
      return ctx.services.sharedReads.read(`map.layer:${scopeKey(scope)}:${input.kind}`, () =>
        new FacilitiesService(ctx.services.db, scope).layer(input.kind),
      );
    }),

  facility: viewer
    .input(z.object({ id: z.number().int().positive() }))
    .output(facilityDetail)
    .query(({ ctx, input }) => new FacilitiesService(ctx.services.db, scopeOf(ctx.user)).detail(input.id)),

  district: viewer.output(z.object({ code: z.string(), name: z.string(), bbox }).nullable()).query(({ ctx }) => {
    const scope = scopeOf(ctx.user);
    return ctx.services.sharedReads.read(`map.district:${scopeKey(scope)}`, () => new GeographyService(ctx.services.db).district(scope));
  }),

  subDistricts: viewer
    .output(z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string(), bbox, labelPoint: lngLat })))
    .query(({ ctx }) => {
      const scope = scopeOf(ctx.user);
      return ctx.services.sharedReads.read(`map.subDistricts:${scopeKey(scope)}`, () =>
        new GeographyService(ctx.services.db).subDistricts(scope),
      );
    }),

  /** The wall's KPIs (definitions in server/facilities/wall-kpis.ts), for the district or one sub-district. */
  kpis: viewer
    .input(z.object({ subDistrict: subDistrictCode.optional() }).optional())
    .output(kpis)
    .query(({ ctx, input }) => {
      const area = input?.subDistrict ?? null;
      const scope = scopeOf(ctx.user);
      return ctx.services.sharedReads.read(`map.kpis:${scopeKey(scope)}:${area ?? 'district'}`, () =>
        new FacilitiesService(ctx.services.db, scope).kpis(area),
      );
    }),

  /** Addressed places near a point: landmarks on a phone's small map (field units have no wall, hence field:use). */
  addressesNear: permittedProcedure('map:view', 'field:use')
    .input(
      z.object({
        lng: z.number().min(-180).max(180),
        lat: z.number().min(-90).max(90),
        radiusM: z.number().int().min(10).max(2000).default(600),
      }),
    )
    .output(z.array(z.object({ name: z.string(), address: z.string(), lng: z.number(), lat: z.number(), distanceM: z.number() })))
    .query(({ ctx, input }) =>
      new GeographyService(ctx.services.db).addressesNear([input.lng, input.lat], input.radiusM, ADDRESSES_NEAR_LIMIT),
    ),
});
