/**
 * All SQL of the resource centre (数据资源中心): the facility ledger filtered by several conditions at once and
 * paged by id (keyset), its total, the rows of an export with geometry, and counts and areas by sub-district.
 * Text search is a bound ILIKE over name, code and address (db/like.ts escapes the wildcards).
 */
import { type Kysely, sql } from 'kysely';
import type { Database, FacilityKind } from '@/db/schema';
import { containsPattern } from '@/db/like';

export interface LedgerFilter {
  kinds: readonly FacilityKind[];
  subDistrictCode: string | null;
  status: string | null;
  /** true: only synthetic (模拟) rows; false: only real ones; null: both. */
  synthetic: boolean | null;
  text: string | null;
}

function filtered(db: Kysely<Database>, filter: LedgerFilter) {
  let q = db
    .selectFrom('facilities as f')
    .leftJoin('sub_districts as s', 's.code', 'f.sub_district_code')
    .where('f.kind', 'in', [...filter.kinds]);
  if (filter.subDistrictCode) q = q.where('f.sub_district_code', '=', filter.subDistrictCode);
  if (filter.status) q = q.where('f.status', '=', filter.status);
  if (filter.synthetic !== null) q = q.where('f.synthetic', '=', filter.synthetic);
  if (filter.text) {
    const pattern = containsPattern(filter.text);
    q = q.where((eb) => eb.or([eb('f.name', 'ilike', pattern), eb('f.code', 'ilike', pattern), eb('f.address', 'ilike', pattern)]));
  }
  return q;
}

function withLedgerColumns(q: ReturnType<typeof filtered>) {
  return q.select((eb) => [
    'f.id',
    'f.kind',
    'f.code',
    'f.name',
    'f.address',
    'f.status',
    'f.sub_district_code',
    's.name as sub_district_name',
    's.name_en as sub_district_name_en',
    'f.synthetic',
    'f.attrs',
    'f.updated_at',
    sql<number | null>`CASE WHEN GeometryType(${eb.ref('f.geom')}) IN ('POLYGON', 'MULTIPOLYGON')
      THEN round(ST_Area(${eb.ref('f.geom')}::geography))::float8 END`.as('area_m2'),
    sql<number>`ST_X(ST_PointOnSurface(${eb.ref('f.geom')}))`.as('lng'),
    sql<number>`ST_Y(ST_PointOnSurface(${eb.ref('f.geom')}))`.as('lat'),
  ]);
}

export function ledgerPage(db: Kysely<Database>, filter: LedgerFilter, afterId: number, limit: number) {
  return withLedgerColumns(filtered(db, filter)).where('f.id', '>', afterId).orderBy('f.id').limit(limit).execute();
}

export type LedgerRow = Awaited<ReturnType<typeof ledgerPage>>[number];

export async function ledgerCount(db: Kysely<Database>, filter: LedgerFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every matching row with its geometry as GeoJSON text (6 decimals), for an export. */
export function exportRows(db: Kysely<Database>, filter: LedgerFilter, limit: number) {
  return withLedgerColumns(filtered(db, filter))
    .select((eb) => sql<string>`ST_AsGeoJSON(${eb.ref('f.geom')}, 6)`.as('geometry'))
    .orderBy('f.id')
    .limit(limit)
    .execute();
}

/** The statuses present among the kinds, for the status filter. */
export async function statusesOf(db: Kysely<Database>, kinds: readonly FacilityKind[]): Promise<string[]> {
  const rows = await db
    .selectFrom('facilities')
    .select('status')
    .distinct()
    .where('kind', 'in', [...kinds])
    .orderBy('status')
    .execute();
  return rows.map((r) => r.status);
}

/** Facilities per sub-district and kind (every sub-district listed), for the indicators. */
export function countsBySubDistrict(db: Kysely<Database>, kinds: readonly FacilityKind[]) {
  return db
    .selectFrom('sub_districts as s')
    .leftJoin('facilities as f', (join) => join.onRef('f.sub_district_code', '=', 's.code').on('f.kind', 'in', [...kinds]))
    .select((eb) => ['s.code', 'f.kind', eb.fn.count<number>('f.id').as('n')])
    .groupBy(['s.code', 'f.kind'])
    .execute();
}

/** Each sub-district's land area within the district (m², spheroid): the denominator of the densities. */
export function subDistrictAreas(db: Kysely<Database>) {
  return sql<{ code: string; name: string; name_en: string; area_m2: number }>`
    SELECT s.code, s.name, s.name_en,
      -- The published outlines self-intersect in places: made valid before they are cut.
      COALESCE(ST_Area(ST_Intersection(ST_MakeValid(s.geom), (SELECT ST_Union(ST_MakeValid(geom)) FROM districts))::geography),
        ST_Area(s.geom::geography))::float8 AS area_m2
    FROM sub_districts s ORDER BY s.code`
    .execute(db)
    .then((r) => r.rows);
}
