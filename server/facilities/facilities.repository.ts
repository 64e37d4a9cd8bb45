/**
 * All SQL of the facilities on the command map: compact rows per kind for the deck.gl layers, one facility's
 * detail, and the counts behind the KPIs. Positions leave PostGIS as numbers (points) or GeoJSON text (lines).
 */
import { type Kysely, sql } from 'kysely';
import type { Database, FacilityKind } from '@/db/schema';
import { stAsGeoJSON, stPointOnSurface, stX, stY } from '@/db/st';
import { OPEN_STATUSES as OPEN_ALARM_STATUSES } from '@/server/alarms/alarms.repository';
import { ALARM_OVERRIDES } from './wall-kpis';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { subDistrictInScope } from '@/server/tenancy/district-sql';

/** Point facilities of one kind, ordered by id so repeated reads give the same order. */
export function listPointRows(db: Kysely<Database>, kind: FacilityKind, scope: DistrictScope) {
  return (
    db
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
      .where(subDistrictInScope('sub_district_code', scope))
      // Retired facilities (data steward, issue 15) keep their record but leave the map.
      .where('retired_at', 'is', null)
      .orderBy('id')
      .execute()
  );
}

/** Line facilities (road segments) of one kind with their geometry as GeoJSON text and their attributes. */
export function listLineRows(db: Kysely<Database>, kind: FacilityKind, scope: DistrictScope) {
  return db
    .selectFrom('facilities')
    .select((eb) => ['id', 'name', 'status', 'sub_district_code', 'synthetic', 'attrs', stAsGeoJSON(eb.ref('geom')).as('geometry')])
    .where('kind', '=', kind)
    .where(subDistrictInScope('sub_district_code', scope))
    .where('retired_at', 'is', null)
    .orderBy('id')
    .execute();
}

/**
 * Area facilities (green spaces) of one kind: the outline as GeoJSON text (6 decimals ≈ 0.1 m), a label point on
 * the surface, and the outline's own area in square metres on the spheroid.
 */
export function listPolygonRows(db: Kysely<Database>, kind: FacilityKind, scope: DistrictScope) {
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
      sql<string>`ST_AsGeoJSON(${eb.ref('geom')}, 6)`.as('geometry'),
      sql<number>`round(ST_Area(${eb.ref('geom')}::geography))::float8`.as('area_m2'),
      sql<string | null>`${eb.ref('attrs')}->>'named'`.as('named'),
    ])
    .where('kind', '=', kind)
    .where(subDistrictInScope('sub_district_code', scope))
    .orderBy('id')
    .execute();
}

/** An area facility's own area (m², spheroid) and the names of the others of its kind whose outline holds it. */
export async function findAreaFacts(db: Kysely<Database>, id: number) {
  const row = await db
    .selectFrom('facilities as f')
    .select((eb) => [
      sql<number>`round(ST_Area(${eb.ref('f.geom')}::geography))::float8`.as('area_m2'),
      sql<string[]>`ARRAY(SELECT o.name FROM facilities o WHERE o.kind = f.kind AND o.id <> f.id
        AND ST_Covers(o.geom, f.geom) ORDER BY o.id)`.as('within'),
    ])
    .where('f.id', '=', id)
    .where(sql<boolean>`GeometryType(f.geom) IN ('POLYGON', 'MULTIPOLYGON')`)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * 绿化 by sub-district: parks and trees counted, and the green area as the area of the union of the park outlines
 * filed under it, so an outline inside another (OSM's forest belt holds three parks) is not counted twice.
 */
export function greeningBySubDistrict(db: Kysely<Database>, scope: DistrictScope) {
  return sql<{ code: string; name: string; name_en: string; parks: number; named_parks: number; trees: number; green_area_m2: number }>`
    SELECT s.code, s.name, s.name_en,
      (SELECT count(*) FROM facilities p WHERE p.kind = 'park' AND p.sub_district_code = s.code)::int AS parks,
      (SELECT count(*) FROM facilities p WHERE p.kind = 'park' AND p.sub_district_code = s.code
        AND p.attrs->>'named' = 'true')::int AS named_parks,
      (SELECT count(*) FROM facilities t WHERE t.kind = 'tree' AND t.sub_district_code = s.code)::int AS trees,
      COALESCE((SELECT ST_Area(ST_Union(p.geom)::geography) FROM facilities p
        WHERE p.kind = 'park' AND p.sub_district_code = s.code), 0)::float8 AS green_area_m2
    FROM sub_districts s WHERE ${subDistrictInScope('s.code', scope)} ORDER BY s.code`
    .execute(db)
    .then((r) => r.rows);
}

/** The district's green area: the union of every park outline, each square metre once. */
export function districtGreenArea(db: Kysely<Database>, scope: DistrictScope) {
  return sql<{ area_m2: number; outlines_sum_m2: number }>`
    SELECT COALESCE(ST_Area(ST_Union(geom)::geography), 0)::float8 AS area_m2,
      COALESCE(sum(ST_Area(geom::geography)), 0)::float8 AS outlines_sum_m2
    FROM facilities WHERE kind = 'park' AND ${subDistrictInScope('sub_district_code', scope)}`
    .execute(db)
    .then((r) => r.rows[0] ?? { area_m2: 0, outlines_sum_m2: 0 });
}

export function findFacilityDetail(db: Kysely<Database>, id: number, scope: DistrictScope) {
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
    .where(subDistrictInScope('f.sub_district_code', scope))
    .executeTakeFirst();
}

/**
 * Open alarms that change how the wall counts a facility (wall-kpis.ts ALARM_OVERRIDES): one row per facility
 * (object kind and code) with the state the alarm gives it. Served by the partial index on open alarms.
 */
function alarmOverrides() {
  const rows = Object.entries(ALARM_OVERRIDES).flatMap(([kind, types]) =>
    Object.entries(types).map(([type, state]) => sql`(${kind}::text, ${type}::text, ${state}::text)`),
  );
  return sql`SELECT a.object_kind, a.object_code, min(o.state) AS state
    FROM alarms a JOIN (VALUES ${sql.join(rows)}) AS o(kind, type, state) ON o.kind = a.object_kind AND o.type = a.type
    WHERE a.status IN (${sql.join(OPEN_ALARM_STATUSES)})
    GROUP BY a.object_kind, a.object_code`;
}

/**
 * Facilities in service counted by kind, sub-district and the state the wall shows (the recorded status, or the
 * one an open alarm gives it); only one sub-district's when `subDistrict` is given.
 */
export async function countWallStates(db: Kysely<Database>, subDistrict: string | null, scope: DistrictScope) {
  const rows = await sql<{ kind: FacilityKind; sub_district_code: string; status: string; count: number }>`
    WITH overrides AS (${alarmOverrides()})
    SELECT f.kind, f.sub_district_code, COALESCE(o.state, f.status) AS status, count(*)::int AS count
    FROM facilities f LEFT JOIN overrides o ON o.object_kind = f.kind AND o.object_code = f.code
    WHERE f.retired_at IS NULL AND ${subDistrictInScope('f.sub_district_code', scope)} ${subDistrict === null ? sql`` : sql`AND f.sub_district_code = ${subDistrict}`}
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`.execute(db);
  return rows.rows.map((r) => ({ ...r, count: Number(r.count) }));
}

/** The sub-districts' names, every one (or the one asked for), by code. */
export function listSubDistricts(db: Kysely<Database>, subDistrict: string | null, scope: DistrictScope) {
  return db
    .selectFrom('sub_districts')
    .select(['code', 'name', 'name_en'])
    .where(subDistrictInScope('code', scope))
    .$if(subDistrict !== null, (q) => q.where('code', '=', subDistrict!))
    .orderBy('code')
    .execute();
}
