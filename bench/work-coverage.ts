/**
 * 作业覆盖 (issue 15, "Speed"): a day's coverage of 400 road segments from 250 sanitation vehicles, target ≤ 5 s on
 * PostgreSQL. The vehicles report at 1 Hz; the position history keeps what its sampler keeps of a vehicle working
 * at 2 m/s (a fix each 20 m moved: one every 10 s), so a 12-hour working day (06:00–18:00) is 1,080,000 stored fixes.
 * Each vehicle works one segment back and forth (250 segments worked, 150 not). The product's way is the set-based
 * query (server/work-coverage); beside it the common way, point by point in Node: every segment's measuring points
 * against every fix-to-fix piece of the day (turf), timed on 20 segments and scaled to 400, with the ratio.
 *
 * Run alone: npm run bench -- work-coverage
 */
import { sql } from 'kysely';
import { along, bbox, length as lineLength, lineString, pointToLineDistance } from '@turf/turf';
import type { DialectName } from '@/db/connect';
import { DEFAULT_COVERAGE_RULE } from '@/domain/work-coverage/coverage-rule';
import { createDayPartition } from '@/server/units/history/partitions.repository';
import { WorkCoverageService } from '@/server/work-coverage/coverage.service';
import { FIXTURE, insertMapFixture } from '@/tests/integration/map-fixture';
import { openBenchDatabase } from './dispatch-fixture';
import { round, timed } from './stats';

const DAY = '2026-11-30';
const SEGMENTS = 400;
const VEHICLES = 250;
const FIXES_PER_VEHICLE = 4_320; // 12 h at one kept fix every 10 s
const SEGMENT_M = 150;
const NAIVE_SAMPLE = 20;
const TARGET_MS: Partial<Record<DialectName, number>> = { postgres: 5_000 };

async function dialectRun(dialect: DialectName, serverUrl: string | undefined) {
  const database = await openBenchDatabase(dialect, serverUrl);
  try {
    const db = database.db;
    await insertMapFixture(db);
    // 400 east–west segments of 150 m on a 20 × 20 grid over the fixture's eastern sub-district.
    const [fillMs] = await timed(async () => {
      await sql`
        INSERT INTO facilities (kind, code, name, sub_district_code, status, attrs, synthetic, geom)
        SELECT 'road_segment', 'BS-' || lpad(g::text, 4, '0'), '基准路段' || g, ${FIXTURE.east.code}, 'due',
               jsonb_build_object('cleaning_grade', (ARRAY['一级','二级','三级'])[1 + g % 3]), true,
               ST_MakeLine(ST_Point(121.402 + (g % 20) * 0.0022, 31.192 + (g / 20) * 0.0018, 4326),
                           ST_Point(121.402 + (g % 20) * 0.0022 + ${SEGMENT_M / 95_170}::float8, 31.192 + (g / 20) * 0.0018, 4326))
        FROM generate_series(0, ${SEGMENTS - 1}) g`.execute(db);
      await sql`
        INSERT INTO units (code, kind, name, sub_district_code, synthetic, on_shift, geom)
        SELECT 'BV-' || lpad(v::text, 4, '0'), CASE WHEN v % 3 = 0 THEN 'washer' ELSE 'sweeper' END, '基准车' || v,
               ${FIXTURE.east.code}, true, true, ST_Point(121.42, 31.2, 4326)
        FROM generate_series(0, ${VEHICLES - 1}) v`.execute(db);
      await createDayPartition(db, DAY);
      // Vehicle v sweeps segment v back and forth at 2 m/s: 20 m between kept fixes, a turn each 150 m.
      await sql`
        INSERT INTO unit_positions (unit_id, recorded_at, source, speed_mps, heading_deg, geom)
        SELECT u.id, ${`${DAY}T06:00:00+08:00`}::timestamptz + make_interval(secs => g * 10), 'simulator', 2, 90,
               ST_LineInterpolatePoint(s.geom,
                 CASE WHEN (g * 20) % 300 <= 150 THEN ((g * 20) % 300) / 150.0 ELSE (300 - (g * 20) % 300) / 150.0 END)
        FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM units WHERE code LIKE 'BV-%') u
        JOIN (SELECT geom, row_number() OVER (ORDER BY id) - 1 AS n FROM facilities WHERE code LIKE 'BS-%') s ON s.n = u.n
        CROSS JOIN generate_series(0, ${FIXES_PER_VEHICLE - 1}) g`.execute(db);
      await sql`ANALYZE`.execute(db);
    });
    const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM unit_positions`.execute(db);

    const service = new WorkCoverageService(db);
    const samples: number[] = [];
    let covered = 0;
    for (let i = 0; i < 3; i++) {
      const [ms, result] = await timed(() => service.day(DAY));
      samples.push(ms);
      covered = result.segments.filter((s) => s.covered && s.code.startsWith('BS-')).length;
    }
    if (covered !== VEHICLES) throw new Error(`expected ${VEHICLES} worked segments, found ${covered}`);

    // The common way: the day's fixes into Node, pieces between consecutive fixes, every 5 m point of a segment
    // tested against every piece with turf.
    const [naiveMs, naiveCovered] = await timed(async () => {
      const fixes = await sql<{ unit_id: number; t: number; lng: number; lat: number }>`
        SELECT h.unit_id, extract(epoch FROM h.recorded_at)::float8 AS t, ST_X(h.geom) AS lng, ST_Y(h.geom) AS lat
        FROM unit_positions h JOIN units u ON u.id = h.unit_id AND u.kind IN ('sweeper', 'washer')
        ORDER BY h.unit_id, h.recorded_at`.execute(db);
      const segments = await sql<{ geometry: string }>`
        SELECT ST_AsGeoJSON(geom) AS geometry FROM facilities WHERE code LIKE 'BS-%' ORDER BY id LIMIT ${NAIVE_SAMPLE}`.execute(db);
      const pieces: Array<{ line: ReturnType<typeof lineString>; box: number[] }> = [];
      const rows = fixes.rows;
      for (let i = 1; i < rows.length; i++) {
        const [a, b] = [rows[i - 1]!, rows[i]!];
        if (a.unit_id !== b.unit_id || b.t - a.t > DEFAULT_COVERAGE_RULE.maxGapS) continue;
        const line = lineString([
          [a.lng, a.lat],
          [b.lng + 1e-9, b.lat],
        ]);
        pieces.push({ line, box: bbox(line) });
      }
      let worked = 0;
      for (const s of segments.rows) {
        const line = lineString((JSON.parse(s.geometry) as { coordinates: number[][] }).coordinates);
        const km = lineLength(line);
        const points = Math.max(1, Math.ceil((km * 1000) / 5));
        // Only the pieces whose box comes within the buffer of the segment's box are measured.
        const [w, south, e, n] = bbox(line);
        const pad = DEFAULT_COVERAGE_RULE.bufferM / 95_000;
        const near = pieces.filter(({ box }) => box[0]! <= e + pad && box[2]! >= w - pad && box[1]! <= n + pad && box[3]! >= south - pad);
        let hit = 0;
        for (let k = 0; k <= points; k++) {
          const p = along(line, (km * k) / points);
          if (near.some((piece) => pointToLineDistance(p, piece.line, { units: 'meters' }) <= DEFAULT_COVERAGE_RULE.bufferM)) hit++;
        }
        if (hit / (points + 1) >= DEFAULT_COVERAGE_RULE.minShare) worked++;
      }
      return worked;
    });
    const naiveScaledMs = (naiveMs * SEGMENTS) / NAIVE_SAMPLE;
    const median = [...samples].sort((a, b) => a - b)[1]!;
    return {
      storedFixes: stored.rows[0]!.n,
      fillSeconds: round(fillMs / 1000, 1),
      coverageMedianMs: round(median),
      workedSegments: covered,
      pointByPoint: { segmentsTimed: NAIVE_SAMPLE, ms: round(naiveMs), scaledTo400Ms: round(naiveScaledMs), workedOfSample: naiveCovered },
      ratio: round(naiveScaledMs / median, 1),
      targetMs: TARGET_MS[dialect] ?? null,
      meetsTarget: TARGET_MS[dialect] === undefined ? null : median <= TARGET_MS[dialect]!,
    };
  } finally {
    await database.close();
  }
}

export async function runWorkCoverageBench(options: { serverUrl?: string }) {
  return {
    postgres: await dialectRun('postgres', options.serverUrl),
    embedded: await dialectRun('embedded', undefined),
  };
}
