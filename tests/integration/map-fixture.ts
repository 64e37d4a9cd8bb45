/**
 * A small, hand-made piece of Changning for the map's integration tests: the district as two rectangular
 * sub-districts, one road, one metro line and station, and a handful of facilities of several kinds.
 */
import type { Kysely } from 'kysely';
import type { Database, FacilityKind } from '@/db/schema';
import { stFromGeoJSON, stPoint } from '@/db/st';

/** A box as a MultiPolygon (the boundary columns' type). */
export const rectangle = (w: number, s: number, e: number, n: number) => ({
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  ],
});

export const FIXTURE = {
  district: { code: '310105', name: '长宁区', bbox: [121.35, 31.19, 121.45, 31.23] as const },
  west: { code: '310105102', name: '新泾镇', nameEn: 'Xinjing Town', bbox: [121.35, 31.19, 121.4, 31.23] as const },
  east: { code: '310105001', name: '华阳路街道', nameEn: 'Huayanglu Subdistrict', bbox: [121.4, 31.19, 121.45, 31.23] as const },
};

interface FixtureFacility {
  kind: FacilityKind;
  code: string;
  status: string;
  sub: string;
  synthetic: boolean;
  at?: [number, number];
  line?: number[][];
  attrs?: Record<string, unknown>;
}

export const FIXTURE_FACILITIES: FixtureFacility[] = [
  { kind: 'light', code: 'L-1', status: 'on', sub: FIXTURE.west.code, synthetic: true, at: [121.36, 31.2] },
  { kind: 'light', code: 'L-2', status: 'off', sub: FIXTURE.west.code, synthetic: true, at: [121.37, 31.2] },
  { kind: 'light', code: 'L-3', status: 'fault', sub: FIXTURE.west.code, synthetic: true, at: [121.38, 31.2] },
  { kind: 'light', code: 'L-4', status: 'on', sub: FIXTURE.west.code, synthetic: true, at: [121.39, 31.2] },
  { kind: 'light', code: 'L-5', status: 'fault', sub: FIXTURE.east.code, synthetic: true, at: [121.41, 31.2] },
  {
    kind: 'kiosk',
    code: 'K-1',
    status: 'online',
    sub: FIXTURE.east.code,
    synthetic: false,
    at: [121.4212345678, 31.2012345678],
    attrs: { mac: '7C-A7-B0-6A-BF-6E', no: 1 },
  },
  {
    kind: 'toilet',
    code: 'T-1',
    status: 'open',
    sub: FIXTURE.east.code,
    synthetic: true,
    at: [121.42, 31.21],
    attrs: { opening: { from: '06:00', to: '22:00' } },
  },
  {
    kind: 'road_segment',
    code: 'R-1',
    status: 'normal',
    sub: FIXTURE.west.code,
    synthetic: true,
    line: [
      [121.36, 31.21],
      [121.37, 31.215],
      [121.38, 31.22],
    ],
    attrs: { cleaning_grade: '一级' },
  },
];

export async function insertMapFixture(db: Kysely<Database>): Promise<Record<string, number>> {
  await db
    .insertInto('districts')
    .values({ code: FIXTURE.district.code, name: FIXTURE.district.name, geom: stFromGeoJSON(rectangle(...FIXTURE.district.bbox)) })
    .execute();
  for (const sub of [FIXTURE.west, FIXTURE.east]) {
    const [w, s, e, n] = sub.bbox;
    await db
      .insertInto('sub_districts')
      .values({
        code: sub.code,
        name: sub.name,
        name_en: sub.nameEn,
        district_code: FIXTURE.district.code,
        geom: stFromGeoJSON(rectangle(w, s, e, n)),
        label_point: stPoint([(w + e) / 2, (s + n) / 2]),
      })
      .execute();
  }
  await db
    .insertInto('base_features')
    .values([
      {
        layer: 'road',
        name: '中环路',
        ref: null,
        props: JSON.stringify({ scope: 'major' }),
        geom: stFromGeoJSON({
          type: 'LineString',
          coordinates: [
            [121.35, 31.2],
            [121.45, 31.21],
          ],
        }),
      },
      {
        layer: 'metro_line',
        name: '上海地铁2号线',
        ref: '2',
        props: JSON.stringify({ colour: '#8CC220' }),
        geom: stFromGeoJSON({
          type: 'LineString',
          coordinates: [
            [121.36, 31.22],
            [121.44, 31.22],
          ],
        }),
      },
      { layer: 'metro_station', name: '娄山关路', ref: null, props: JSON.stringify({ routes: ['2'] }), geom: stPoint([121.41, 31.22]) },
    ])
    .execute();
  const ids: Record<string, number> = {};
  for (const f of FIXTURE_FACILITIES) {
    const geom = f.line ? stFromGeoJSON({ type: 'LineString', coordinates: f.line }) : stPoint(f.at!);
    const { id } = await db
      .insertInto('facilities')
      .values({
        kind: f.kind,
        code: f.code,
        name: `${f.kind} ${f.code}`,
        address: f.kind === 'kiosk' ? '娄山关路500号' : null,
        sub_district_code: f.sub,
        status: f.status,
        attrs: JSON.stringify(f.attrs ?? {}),
        synthetic: f.synthetic,
        geocode_quality: f.kind === 'kiosk' ? 'exact' : null,
        geom,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[f.code] = id;
  }
  return ids;
}
