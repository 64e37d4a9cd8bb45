/**
 * What the dispatch benchmarks stand on: a throw-away migrated database in either dialect, random points inside
 * the real Changning boundary (seeded, so every run measures the same points), and N units spread over it.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { bbox, booleanPointInPolygon, point } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { DbHandle, DialectName } from '@/db/connect';
import type { UnitKind } from '@/db/schema';
import { stFromGeoJSON, stPoint, type LngLat } from '@/db/st';
import { createRandom } from '@/geo/random';
import { freshDatabase, type TestDatabase } from '@/tests/integration/databases';

export type BenchDatabase = TestDatabase;

/** A fresh database: in-memory PGlite, or a new database on the PostgreSQL server at `serverUrl`. */
export function openBenchDatabase(dialect: DialectName, serverUrl?: string, poolSize?: number): Promise<BenchDatabase> {
  if (dialect === 'postgres' && !serverUrl) throw new Error('PostgreSQL benchmark needs a server URL (TEST_DATABASE_URL or an argument)');
  return freshDatabase(dialect, { serverUrl, poolSize });
}

/** A seeded uniform generator in [0, 1): the same seed gives the same benchmark. */
export function seededRandom(seed: number): () => number {
  const random = createRandom(seed);
  return () => random.next();
}

const DISTRICT_FILE = new URL('../db/seed/data/changning-district.geojson', import.meta.url);

export function changningBoundary(): Feature<Polygon | MultiPolygon> {
  const collection = JSON.parse(readFileSync(DISTRICT_FILE, 'utf8')) as FeatureCollection<Polygon | MultiPolygon>;
  return collection.features[0];
}

/** Uniform random points inside the district (rejection sampling in its bounding box). */
export function pointsInChangning(count: number, random: () => number): LngLat[] {
  const boundary = changningBoundary();
  const [w, s, e, n] = bbox(boundary);
  const points: LngLat[] = [];
  while (points.length < count) {
    const candidate: LngLat = [w + random() * (e - w), s + random() * (n - s)];
    if (booleanPointInPolygon(point([...candidate]), boundary)) points.push(candidate);
  }
  return points;
}

/** Roughly the seed's mix: ~45 % vehicles of five kinds, ~55 % staff (patrol officers, handlers, duty officers). */
const KIND_MIX: ReadonlyArray<[UnitKind, number]> = [
  ['sweeper', 0.12],
  ['washer', 0.06],
  ['compactor', 0.12],
  ['toilet_service', 0.07],
  ['lighting_repair', 0.08],
  ['patrol_officer', 0.25],
  ['handler', 0.27],
  ['duty_officer', 0.03],
];

function pickKind(random: () => number): UnitKind {
  let r = random();
  for (const [kind, share] of KIND_MIX) {
    if (r < share) return kind;
    r -= share;
  }
  return 'handler';
}

export interface BenchUnit {
  lng: number;
  lat: number;
  kind: UnitKind;
  onShift: boolean;
}

export const BENCH_SUB_DISTRICT = '310105000';

/** Inserts `count` units (90 % on shift) inside the district, under one sub-district row that is the district. */
export async function insertBenchUnits(database: DbHandle, count: number, seed: number): Promise<BenchUnit[]> {
  const db = database.db;
  const boundary = changningBoundary();
  await db
    .insertInto('sub_districts')
    .values({
      code: BENCH_SUB_DISTRICT,
      name: '长宁区（基准）',
      name_en: 'Changning (benchmark)',
      geom: stFromGeoJSON(boundary.geometry),
      label_point: stPoint([121.4, 31.21]),
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const random = seededRandom(seed);
  const positions = pointsInChangning(count, random);
  const units: BenchUnit[] = positions.map(([lng, lat]) => ({ lng, lat, kind: pickKind(random), onShift: random() < 0.9 }));
  const existing = (
    await db
      .selectFrom('units')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;
  const BATCH = 2000;
  for (let start = 0; start < units.length; start += BATCH) {
    const batch = units.slice(start, start + BATCH);
    await sql`INSERT INTO units (code, kind, name, sub_district_code, synthetic, on_shift, geom)
      SELECT 'BENCH-' || (${existing + start} + t.i), t.kind, 'bench ' || t.kind, ${BENCH_SUB_DISTRICT}, true, t.on_shift,
             ST_SetSRID(ST_MakePoint(t.lng, t.lat), 4326)
      FROM unnest(${batch.map((u) => u.lng)}::float8[], ${batch.map((u) => u.lat)}::float8[], ${batch.map((u) => u.kind)}::text[], ${batch.map((u) => u.onShift)}::boolean[])
        WITH ORDINALITY AS t(lng, lat, kind, on_shift, i)`.execute(db);
  }
  await sql`ANALYZE units`.execute(db);
  return units;
}
