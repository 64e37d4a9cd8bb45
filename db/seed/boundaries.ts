/** Stores the district outline and its 10 sub-districts, each with a label point on its surface. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import { stFromGeoJSON } from '@/db/st';
import type { SeedContext } from './context';

export async function writeBoundaries(db: Kysely<Database>, context: SeedContext): Promise<{ districts: number; subDistricts: number }> {
  const { district } = context;
  // The columns are MultiPolygon; the published outlines are single polygons.
  await db
    .insertInto('districts')
    .values({ code: district.code, name: district.name, geom: sql`ST_Multi(${stFromGeoJSON(district.geometry)})` })
    .execute();
  await db
    .insertInto('sub_districts')
    .values(
      context.subDistricts.map((sub) => ({
        code: sub.code,
        name: sub.name,
        name_en: sub.nameEn,
        district_code: district.code,
        geom: sql`ST_Multi(${stFromGeoJSON(sub.boundary)})`,
        label_point: sql`ST_PointOnSurface(${stFromGeoJSON(sub.boundary)})`,
      })),
    )
    .execute();
  return { districts: 1, subDistricts: context.subDistricts.length };
}
