/**
 * 作业覆盖 (issue 15 part 5) on hand-made tracks, on both dialects: a sweeper along a whole segment covers it; half
 * a segment does not (unless the supervisor lowers the share); a sweeper driving past at 43 km/h does not; a washer
 * 10 m off the centre line does; a patrol officer walking it does not (not a sanitation vehicle); a compactor
 * parked four minutes at a transfer station is a trip, two minutes is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitKind } from '@/db/schema';
import { stFromGeoJSON, stPoint } from '@/db/st';
import { insertHistoryRows, type HistoryRow } from '@/server/units/history/history.repository';
import { createDayPartition } from '@/server/units/history/partitions.repository';
import { WorkCoverageService } from '@/server/work-coverage/coverage.service';
import { METRES_PER_DEGREE } from '@/domain/work-coverage/coverage-rule';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { FIXTURE, insertMapFixture } from './map-fixture';

const DAY = '2026-12-01';
const START = Date.parse(`${DAY}T06:00:00+08:00`);
const WEST = 121.41;
const LENGTH_M = 200;
/** Segments run east from WEST, 200 m long, each on its own latitude (about 220 m apart). */
const SEGMENTS = [
  { code: 'S-A', grade: '一级', lat: 31.2 },
  { code: 'S-B', grade: '一级', lat: 31.202 },
  { code: 'S-C', grade: '二级', lat: 31.204 },
  { code: 'S-D', grade: '二级', lat: 31.206 },
  { code: 'S-E', grade: '三级', lat: 31.208 },
];
const STATIONS = [
  { code: 'TS-1', at: [121.43, 31.2] as [number, number] },
  { code: 'TS-2', at: [121.43, 31.205] as [number, number] },
];
const east = (m: number) => m / METRES_PER_DEGREE.lng;
const north = (m: number) => m / METRES_PER_DEGREE.lat;

/** 1 Hz fixes of a unit moving east along a latitude from `fromM` to `toM` metres at `mps`, starting at `startS`. */
function drive(unitId: number, lat: number, fromM: number, toM: number, mps: number, startS: number): HistoryRow[] {
  const rows: HistoryRow[] = [];
  for (let s = 0; fromM + s * mps <= toM; s++)
    rows.push({
      unitId,
      recordedAt: new Date(START + (startS + s) * 1000),
      source: 'device',
      lng: WEST + east(fromM + s * mps),
      lat,
      speedMps: mps,
      headingDeg: 90,
    });
  return rows;
}

/** A parked unit: one fix a minute (as the history keeps it) for `minutes`. */
function park(unitId: number, at: [number, number], minutes: number, startS: number): HistoryRow[] {
  return Array.from({ length: minutes + 1 }, (_, i) => ({
    unitId,
    recordedAt: new Date(START + (startS + i * 60) * 1000),
    source: 'device' as const,
    lng: at[0] + east(5),
    lat: at[1],
    speedMps: 0,
    headingDeg: null,
  }));
}

describe.each(dialects)('work coverage (%s)', (dialect) => {
  let t: TestDatabase;
  let service: WorkCoverageService;

  beforeAll(async () => {
    t = await freshDatabase(dialect);
    await insertMapFixture(t.db);
    for (const s of SEGMENTS)
      await t.db
        .insertInto('facilities')
        .values({
          kind: 'road_segment',
          code: s.code,
          name: `测试路 ${s.code}`,
          sub_district_code: FIXTURE.east.code,
          status: 'due',
          attrs: JSON.stringify({ cleaning_grade: s.grade }),
          synthetic: true,
          geom: stFromGeoJSON({
            type: 'LineString',
            coordinates: [
              [WEST, s.lat],
              [WEST + east(LENGTH_M), s.lat],
            ],
          }),
        })
        .execute();
    for (const s of STATIONS)
      await t.db
        .insertInto('facilities')
        .values({
          kind: 'transfer_station',
          code: s.code,
          name: `测试中转站 ${s.code}`,
          sub_district_code: FIXTURE.east.code,
          status: 'normal',
          attrs: '{}',
          synthetic: true,
          geom: stPoint(s.at),
        })
        .execute();
    const unit = async (code: string, kind: UnitKind) =>
      (
        await t.db
          .insertInto('units')
          .values({
            code,
            kind,
            name: code,
            sub_district_code: FIXTURE.east.code,
            synthetic: false,
            on_shift: true,
            geom: stPoint([WEST, 31.2]),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const [sw1, sw2, ws1, pt1, cp1] = [
      await unit('SW-1', 'sweeper'),
      await unit('SW-2', 'sweeper'),
      await unit('WS-1', 'washer'),
      await unit('PT-1', 'patrol_officer'),
      await unit('CP-1', 'compactor'),
    ];
    await createDayPartition(t.db, DAY);
    await insertHistoryRows(t.db, [
      ...drive(sw1, 31.2 + north(5), 0, LENGTH_M, 3, 0), // S-A whole, 5 m off the line
      ...drive(sw1, 31.202, 0, LENGTH_M / 2, 3, 600), // S-B first half only
      ...drive(sw2, 31.204, 0, LENGTH_M, 12, 0), // S-C at 43 km/h: driving past
      ...drive(ws1, 31.206 - north(10), 0, LENGTH_M, 2, 0), // S-D washed, 10 m off
      ...drive(pt1, 31.208, 0, LENGTH_M, 1.5, 0), // S-E walked by a patrol officer
      ...park(cp1, STATIONS[0].at, 4, 0), // four minutes at TS-1: a trip
      ...park(cp1, STATIONS[1].at, 2, 1200), // two minutes at TS-2: not one
    ]);
    service = new WorkCoverageService(t.db);
  }, 120_000);
  afterAll(() => t?.drop());

  it('counts a segment worked along 80 % of its length by a sweeper or washer at working speed', async () => {
    const { segments, byGrade } = await service.day(DAY);
    const of = (code: string) => segments.find((s) => s.code === code)!;
    expect(of('S-A')).toMatchObject({ covered: true, units: ['SW-1'], lengthM: LENGTH_M });
    expect(of('S-A').share).toBeGreaterThan(0.95);
    expect(of('S-A').firstAt!.getTime()).toBe(START);
    expect(of('S-B').covered).toBe(false);
    expect(of('S-B').share).toBeGreaterThan(0.45);
    expect(of('S-B').share).toBeLessThan(0.6);
    expect(of('S-C')).toMatchObject({ covered: false, share: 0 });
    expect(of('S-D')).toMatchObject({ covered: true, units: ['WS-1'] });
    expect(of('S-E')).toMatchObject({ covered: false, units: [] });
    // The map fixture's own road R-1 (一级, not driven) counts too.
    expect(byGrade).toEqual([
      expect.objectContaining({ grade: '一级', segments: 3, covered: 1, rate: 0.333, coveredLengthM: 200 }),
      { grade: '二级', segments: 2, covered: 1, rate: 0.5, lengthM: 400, coveredLengthM: 200 },
      { grade: '三级', segments: 1, covered: 0, rate: 0, lengthM: 200, coveredLengthM: 0 },
    ]);
  });

  it('follows the supervisor’s rule: a lower share, a narrower buffer', async () => {
    const lower = await service.day(DAY, { minShare: 0.4 });
    expect(lower.segments.find((s) => s.code === 'S-B')!.covered).toBe(true);
    const narrow = await service.day(DAY, { bufferM: 8 });
    expect(narrow.segments.find((s) => s.code === 'S-D')!.covered).toBe(false);
    expect(narrow.segments.find((s) => s.code === 'S-A')!.covered).toBe(true);
  });

  it('finds a compactor’s transfer-station trip of three minutes or more', async () => {
    const { trips } = await service.day(DAY);
    expect(trips).toEqual([
      expect.objectContaining({ stationCode: 'TS-1', unitName: 'CP-1', arrivedAt: new Date(START), leftAt: new Date(START + 240_000) }),
    ]);
  });

  it('sees nothing on another day', async () => {
    const { segments, trips } = await service.day('2026-12-02');
    expect(segments.every((s) => !s.covered && s.share === 0)).toBe(true);
    expect(trips).toEqual([]);
  });
});
