/**
 * All SQL of the facilities on the command map: compact rows per kind for the deck.gl layers, one facility's
 * detail, and the counts behind the KPIs. Positions leave PostGIS as numbers (points) or GeoJSON text (lines).
 */
import { type Kysely, sql } from 'kysely';
import type { Database, FacilityKind } from '@/db/schema';
import { stAsGeoJSON, stPointOnSurface, stX, stY } from '@/db/st';

/** Point facilities of one kind, ordered by id so repeated reads give the same order. */
export function listPointRows(db: Kysely<Database>, kind: FacilityKind) {
  return db
    .selectFrom('facilities')
    .select((eb) => [
      'id',
      'name',
      'status',
      'sub_district_code',
      'synthetic',
      stX(stPointOnSurface(eb.ref('geom'))).as('lng'),
      stY(stPointOnSurface(eb.ref('geom'))).as('lat'),
    ])
    .where('kind', '=', kind)
    // Retired facilities (data steward, issue 15) keep their record but leave the map.
    .where('retired_at', 'is', null)
    .orderBy('id')
    .execute();
}

/** Line facilities (road segments) of one kind with their geometry as GeoJSON text and their attributes. */
export function listLineRows(db: Kysely<Database>, kind: FacilityKind) {
  return db
    .selectFrom('facilities')
    .select((eb) => ['id', 'name', 'status', 'sub_district_code', 'synthetic', 'attrs', stAsGeoJSON(eb.ref('geom')).as('geometry')])
    .where('kind', '=', kind)
    .where('retired_at', 'is', null)
    .orderBy('id')
    .execute();
}

export function findFacilityDetail(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('facilities as f')
    .leftJoin('sub_districts as s', 's.code', 'f.sub_district_code')
    .select((eb) => [
      'f.id',
      'f.kind',
      'f.code',
      'f.name',
      'f.address',
      'f.status',
      'f.attrs',
      'f.synthetic',
      'f.geocode_quality',
      'f.sub_district_code',
      'f.updated_at',
      's.name as sub_district_name',
      's.name_en as sub_district_name_en',
      sql<string>`GeometryType(${eb.ref('f.geom')})`.as('geometry_type'),
      stX(stPointOnSurface(eb.ref('f.geom'))).as('lng'),
      stY(stPointOnSurface(eb.ref('f.geom'))).as('lat'),
    ])
    .where('f.id', '=', id)
    .executeTakeFirst();
}

export function countByKindAndStatus(db: Kysely<Database>) {
  return db
    .selectFrom('facilities')
    .select((eb) => ['kind', 'status', eb.fn.countAll<number>().as('count')])
    .where('retired_at', 'is', null)
    .groupBy(['kind', 'status'])
    .orderBy('kind')
    .orderBy('status')
    .execute();
}

/** Status counts of one kind per sub-district, every sub-district listed even when it has none. */
export function countStatusBySubDistrict(db: Kysely<Database>, kind: FacilityKind) {
  return db
    .selectFrom('sub_districts as s')
    .leftJoin('facilities as f', (join) => join.onRef('f.sub_district_code', '=', 's.code').on('f.kind', '=', kind).on('f.retired_at', 'is', null))
    .select((eb) => ['s.code', 's.name', 's.name_en', 'f.status', eb.fn.count<number>('f.id').as('count')])
    .groupBy(['s.code', 's.name', 's.name_en', 'f.status'])
    .orderBy('s.code')
    .execute();
}
