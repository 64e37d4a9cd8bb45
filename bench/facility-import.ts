/**
 * Facility import with cleansing (issue 15, "Speed"): 100,000 facilities from one GeoJSON file, target ≤ 60 s
 * embedded and ≤ 20 s on PostgreSQL, the report included. The database is the real Changning seed; the file is
 * 100,000 toilets at seeded random points inside the district, in GCJ-02 (as AMap exports), with no sub-district
 * and no address (both derived), a few per thousand planted outside the district and a few given twice (duplicates
 * merged). Timed: the check (read, cleanse, report; nothing written) and the import in 'valid' mode (cleansed again
 * inside the transaction, then written with every facility's history), then a re-import of the same file (nothing
 * changes: every row matched by its source id).
 */
import gcoord from 'gcoord';
import { seedDatabase } from '@/db/seed';
import type { DialectName } from '@/db/connect';
import { ManualClock } from '@/server/clock';
import { createFacilityData } from '@/server/facility-import/facility-data';
import { DEFAULT_SETTINGS } from '@/server/facility-import/facility-import.service';
import { openBenchDatabase, pointsInChangning, seededRandom } from './dispatch-fixture';
import { round } from './stats';

const FACILITIES = 100_000;
const TARGET_MS: Record<DialectName, number> = { postgres: 20_000, embedded: 60_000 };

function benchFile(count: number): Buffer {
  const random = seededRandom(15);
  const points = pointsInChangning(count, random);
  const features = points.map((p, i) => {
    // One in 500 outside the district; one in 1,000 repeated 3 m further on (a duplicate).
    const at = i % 500 === 499 ? [121.5 + random() * 0.05, 31.25] : p;
    const gcj = gcoord.transform(at as [number, number], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const near = i % 1000 === 999 && i > 0;
    return {
      type: 'Feature',
      properties: { 编号: `B${i}`, 名称: near ? `测试公厕${i - 1}` : `测试公厕${i}`, 类型: '公厕', 状态: '正常开放' },
      geometry: { type: 'Point', coordinates: near ? [gcj[0] + 0.00002, gcj[1]] : gcj },
    };
  });
  return Buffer.from(JSON.stringify({ type: 'FeatureCollection', features }));
}

async function dialectRun(dialect: DialectName, serverUrl: string | undefined, bytes: Buffer) {
  const database = await openBenchDatabase(dialect, serverUrl);
  try {
    await seedDatabase(database.db);
    const data = createFacilityData({ db: database.db, clock: new ManualClock('2026-12-05T02:00:00Z') });
    const settings = { ...DEFAULT_SETTINGS, source: '基准测试台账', crs: 'gcj02' as const, defaultDecision: 'merge' as const };
    const actor = { userId: null, name: 'bench', role: 'system' as const, unitId: null };
    const file = { fileName: 'bench.geojson', bytes };
    let started = performance.now();
    const checked = await data.imports.check(file, settings);
    const checkMs = performance.now() - started;
    started = performance.now();
    const written = await data.imports.run(file, settings, 'valid', actor);
    const importMs = performance.now() - started;
    started = performance.now();
    const again = await data.imports.run(file, settings, 'valid', actor);
    const reimportMs = performance.now() - started;
    return {
      checkMs: round(checkMs),
      importWithReportMs: round(importMs),
      reimportUnchangedMs: round(reimportMs),
      targetMs: TARGET_MS[dialect],
      withinTarget: importMs <= TARGET_MS[dialect],
      report: {
        rows: checked.rows,
        clean: checked.cleanRows,
        problems: checked.problemsByCode,
        duplicates: checked.duplicates,
        fixes: checked.fixesByCode,
      },
      written: written.written,
      reimport: again.written,
    };
  } finally {
    await database.drop();
  }
}

export async function runFacilityImportBench({ serverUrl }: { serverUrl?: string }) {
  const bytes = benchFile(FACILITIES);
  return {
    facilities: FACILITIES,
    fileMegabytes: round(bytes.length / 2 ** 20),
    postgres: await dialectRun('postgres', serverUrl, bytes),
    embedded: await dialectRun('embedded', undefined, bytes),
  };
}
