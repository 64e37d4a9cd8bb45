/**
 * All SQL of the OGC API – Features interface: one kind's facilities as GeoJSON-ready rows (geometry as GeoJSON
 * text from PostGIS, 6 decimals), filtered by a bounding box and simple property equalities, paged by limit and
 * offset in id order; one facility; each kind's extent. Values are always bound; columns come from a fixed list.
 */
import { type Kysely, sql } from 'kysely';
import type { Database, FacilityKind } from '@/db/schema';

/** The properties a client may filter on by equality, and the column each reads. */
export const FILTER_COLUMNS = {
  code: 'f.code',
  name: 'f.name',
  status: 'f.status',
  sub_district_code: 'f.sub_district_code',
  synthetic: 'f.synthetic',
} as const;
export type FilterProperty = keyof typeof FILTER_COLUMNS;

export interface ItemsQuery {
  kind: FacilityKind;
  /** [minLng, minLat, maxLng, maxLat], WGS84. */
  bbox: [number, number, number, number] | null;
  filters: Partial<Record<FilterProperty, string | boolean>>;
  limit: number;
  offset: number;
}

function itemsBase(db: Kysely<Database>, query: Pick<ItemsQuery, 'kind' | 'bbox' | 'filters'>) {
  let q = db.selectFrom('facilities as f').leftJoin('sub_districts as s', 's.code', 'f.sub_district_code').where('f.kind', '=', query.kind);
  if (query.bbox) {
    const [minLng, minLat, maxLng, maxLat] = query.bbox;
    // && uses the GiST index; ST_Intersects keeps only what truly meets the box (a park's corner inside its box).
    q = q.where(sql<boolean>`f.geom && ST_MakeEnvelope(${minLng}, ${minLat}, ${maxLng}, ${maxLat}, 4326)
      AND ST_Intersects(f.geom, ST_MakeEnvelope(${minLng}, ${minLat}, ${maxLng}, ${maxLat}, 4326))`);
  }
  for (const [property, value] of Object.entries(query.filters) as [FilterProperty, string | boolean][]) {
    q = q.where(FILTER_COLUMNS[property], '=', value);
  }
  return q;
}

function withItemColumns(q: ReturnType<typeof itemsBase>) {
  return q.select((eb) => [
    'f.id',
    'f.code',
    'f.name',
    'f.address',
    'f.status',
    'f.sub_district_code',
    's.name as sub_district_name',
    'f.synthetic',
    'f.attrs',
    'f.updated_at',
    sql<string>`ST_AsGeoJSON(${eb.ref('f.geom')}, 6)`.as('geometry'),
    // Areas (parks) carry their own area on the spheroid, as the wall shows it.
    sql<number | null>`CASE WHEN GeometryType(f.geom) IN ('POLYGON', 'MULTIPOLYGON')
      THEN round(ST_Area(f.geom::geography))::float8 END`.as('area_m2'),
  ]);
}

export function selectItems(db: Kysely<Database>, query: ItemsQuery) {
  return withItemColumns(itemsBase(db, query)).orderBy('f.id').limit(query.limit).offset(query.offset).execute();
}

export type ItemRow = Awaited<ReturnType<typeof selectItems>>[number];

export async function countItems(db: Kysely<Database>, query: Pick<ItemsQuery, 'kind' | 'bbox' | 'filters'>): Promise<number> {
  const row = await itemsBase(db, query)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function selectItem(db: Kysely<Database>, kind: FacilityKind, id: number): Promise<ItemRow | undefined> {
  return withItemColumns(itemsBase(db, { kind, bbox: null, filters: {} }))
    .where('f.id', '=', id)
    .executeTakeFirst();
}

/** Each kind's count and bounding box; kinds with no facility are absent. */
export function kindExtents(db: Kysely<Database>) {
  return sql<{ kind: FacilityKind; n: number; xmin: number; ymin: number; xmax: number; ymax: number }>`
    SELECT kind, count(*)::int AS n, ST_XMin(ST_Extent(geom))::float8 AS xmin, ST_YMin(ST_Extent(geom))::float8 AS ymin,
      ST_XMax(ST_Extent(geom))::float8 AS xmax, ST_YMax(ST_Extent(geom))::float8 AS ymax
    FROM facilities GROUP BY kind`
    .execute(db)
    .then((r) => r.rows);
}
