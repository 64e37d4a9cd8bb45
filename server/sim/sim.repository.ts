/**
 * All SQL of the simulator: the world it moves units in (road lines near Changning, addressed places), the units
 * it drives (synthetic ones only: real devices report for themselves) with where each starts, the facilities whose
 * status it changes, and that status change itself.
 */
import { type Kysely, sql } from 'kysely';
import { districtOfSubDistrict } from '@/server/tenancy/district-sql';
import type { Database, FacilityKind, UnitKind } from '@/db/schema';
import type { LngLat } from '@/db/st';
import type { SimPlace } from './place-index';

/** Roads are clipped to the district's bounding box grown by this much (≈300 m): near Changning, not across Shanghai. */
const ROAD_MARGIN_DEG = 0.003;

/** Road lines (multi-lines split into their parts) inside the district's box plus a margin. */
export async function loadRoadLines(db: Kysely<Database>): Promise<LngLat[][]> {
  const { rows } = await sql<{ geometry: string }>`
    WITH area AS (
      SELECT ST_Expand(ST_SetSRID(ST_Extent(geom)::geometry, 4326), ${ROAD_MARGIN_DEG}::float8) AS box FROM sub_districts
    ), parts AS (
      SELECT (ST_Dump(ST_Intersection(b.geom, area.box))).geom AS geom
      FROM base_features b, area
      WHERE b.layer = 'road' AND area.box IS NOT NULL AND ST_Intersects(b.geom, area.box)
    )
    SELECT ST_AsGeoJSON(geom, 7) AS geometry FROM parts WHERE GeometryType(geom) = 'LINESTRING'`.execute(db);
  return rows.map((r) => (JSON.parse(r.geometry) as { coordinates: LngLat[] }).coordinates);
}

export async function loadPlaces(db: Kysely<Database>): Promise<SimPlace[]> {
  const rows = await db
    .selectFrom('addresses')
    .select(['sub_district_code', sql<number>`ST_X(geom)`.as('lng'), sql<number>`ST_Y(geom)`.as('lat')])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ lngLat: [r.lng, r.lat] as LngLat, subDistrictCode: r.sub_district_code }));
}

export interface SimUnitRow {
  id: number;
  kind: UnitKind;
  sub_district_code: string;
  lng: number | null;
  lat: number | null;
}

/** Synthetic units with where they start: their last position, else their depot, else nowhere in particular. */
export async function loadSimulatedUnits(db: Kysely<Database>): Promise<SimUnitRow[]> {
  const { rows } = await sql<SimUnitRow>`
    SELECT u.id, u.kind, u.sub_district_code,
           ST_X(COALESCE(u.geom, ST_PointOnSurface(d.geom))) AS lng,
           ST_Y(COALESCE(u.geom, ST_PointOnSurface(d.geom))) AS lat
    FROM units u LEFT JOIN facilities d ON d.id = u.depot_id
    WHERE u.synthetic
    ORDER BY u.id`.execute(db);
  return rows;
}

export interface SimFacilityRow {
  id: number;
  kind: FacilityKind;
  name: string;
  status: string;
  sub_district_code: string;
  address: string | null;
  attrs: Record<string, unknown>;
  /** Its district, through its sub-district: a light follows its own district's lighting plans only. */
  district_code?: string | null;
}

export async function loadFacilitiesOfKinds(db: Kysely<Database>, kinds: readonly FacilityKind[]): Promise<SimFacilityRow[]> {
  return db
    .selectFrom('facilities')
    .select(['id', 'kind', 'name', 'status', 'sub_district_code', 'address', 'attrs'])
    .select(districtOfSubDistrict(sql.ref('sub_district_code')).as('district_code'))
    .where('kind', 'in', kinds)
    .where('synthetic', '=', true)
    .orderBy('id')
    .execute();
}

/** Sets a facility's status; returns its district, whose walls are told. */
export async function updateFacilityStatus(db: Kysely<Database>, id: number, status: string): Promise<string | null> {
  const row = await db
    .updateTable('facilities')
    .set((eb) => ({ status, version: eb('version', '+', 1), updated_at: sql`now()` }))
    .where('id', '=', id)
    .returning(districtOfSubDistrict(sql.ref('sub_district_code')).as('district_code'))
    .executeTakeFirst();
  return row?.district_code ?? null;
}
