/**
 * Districts as tenants (issue 22): a second, synthetic district (徐汇-like, code 310104) with one sub-district,
 * beside the map fixture's 长宁区, for the tests that check each district keeps to its own.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { stFromGeoJSON, stPoint } from '@/db/st';
import { rectangle } from './map-fixture';

export const OTHER = {
  code: '310104',
  name: '徐汇区(测试)',
  sub: '310104001',
  subName: '测试街道',
  bbox: [121.45, 31.19, 121.5, 31.23] as const,
};

/** Adds the second district and its sub-district (the map fixture's district stays as it is). */
export async function insertSecondDistrict(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('districts')
    .values({ code: OTHER.code, name: OTHER.name, geom: stFromGeoJSON(rectangle(...OTHER.bbox)) })
    .execute();
  const [w, s, e, n] = OTHER.bbox;
  await db
    .insertInto('sub_districts')
    .values({
      code: OTHER.sub,
      name: OTHER.subName,
      name_en: 'Test Subdistrict',
      district_code: OTHER.code,
      geom: stFromGeoJSON(rectangle(...OTHER.bbox)),
      label_point: stPoint([(w + e) / 2, (s + n) / 2]),
    })
    .execute();
}
