/**
 * All SQL of the base geography: the district outline, the 10 sub-districts and the base-map layers (roads,
 * metro lines and stations). Geometry leaves PostGIS as GeoJSON text and is never parsed here.
 */
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { subDistrictInScope } from '@/server/tenancy/district-sql';
import { type Expression, type Kysely, sql } from 'kysely';
import type { BaseLayer, Database, Geometry } from '@/db/schema';
import {
  type LngLat,
  stAsGeoJSON,
  stDistanceMeters,
  stDWithinMeters,
  stLngLat,
  stPoint,
  stX,
  stXMax,
  stXMin,
  stY,
  stYMax,
  stYMin,
} from '@/db/st';

export interface GeometryRow {
  geometry: string;
}

/**
 * Addressed places (门牌: 居委会, service and activity sites) within `meters` of a point, nearest first — by the
 * GiST index, then measured on the spheroid. Labels an order placed only by GPS or a map pick, and gives a phone's
 * map its landmarks.
 */
export function listAddressesNear(db: Kysely<Database>, at: LngLat, meters: number, limit: number) {
  const point: Expression<Geometry> = stPoint(at);
  return db
    .selectFrom('addresses')
    .select((eb) => ['name', 'address', ...stLngLat(eb.ref('geom')), stDistanceMeters(eb.ref('geom'), point).as('distance_m')])
    .where((eb) => stDWithinMeters(eb.ref('geom'), point, meters))
    .orderBy(sql`geom <-> ${point}`)
    .limit(limit)
    .execute();
}

export function listDistrictShapes(db: Kysely<Database>) {
  return db
    .selectFrom('districts')
    .select((eb) => ['code', 'name', stAsGeoJSON(eb.ref('geom')).as('geometry')])
    .orderBy('code')
    .execute();
}

export function listSubDistrictShapes(db: Kysely<Database>) {
  return db
    .selectFrom('sub_districts')
    .select((eb) => ['code', 'name', 'name_en', stAsGeoJSON(eb.ref('geom')).as('geometry')])
    .orderBy('code')
    .execute();
}

/** Each sub-district's (of the scope's districts) bounding box and label point, for the selector and the map labels. */
export function listSubDistrictSummaries(db: Kysely<Database>, scope: DistrictScope) {
  return db
    .selectFrom('sub_districts')
    .where(subDistrictInScope('code', scope))
    .select((eb) => [
      'code',
      'name',
      'name_en',
      stXMin(eb.ref('geom')).as('west'),
      stYMin(eb.ref('geom')).as('south'),
      stXMax(eb.ref('geom')).as('east'),
      stYMax(eb.ref('geom')).as('north'),
      stX(eb.ref('label_point')).as('label_lng'),
      stY(eb.ref('label_point')).as('label_lat'),
    ])
    .orderBy('code')
    .execute();
}

export function listDistrictSummaries(db: Kysely<Database>, scope: DistrictScope) {
  return db
    .selectFrom('districts')
    .$if(scope.kind === 'district', (q) => q.where('code', '=', scope.kind === 'district' ? scope.code : ''))
    .select((eb) => [
      'code',
      'name',
      stXMin(eb.ref('geom')).as('west'),
      stYMin(eb.ref('geom')).as('south'),
      stXMax(eb.ref('geom')).as('east'),
      stYMax(eb.ref('geom')).as('north'),
    ])
    .orderBy('code')
    .execute();
}

export function listBaseFeatures(db: Kysely<Database>, layer: BaseLayer) {
  return db
    .selectFrom('base_features')
    .select((eb) => ['id', 'name', 'ref', 'props', stAsGeoJSON(eb.ref('geom')).as('geometry')])
    .where('layer', '=', layer)
    .orderBy('id')
    .execute();
}
