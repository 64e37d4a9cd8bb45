/**
 * The one position history on both dialects: native day partitions (PGlite is PostgreSQL 17 too), created ahead,
 * ordered by unit and time once closed, thinned and dropped on time by the retention round on a manual clock; sampled writes through the service; the
 * three reads with the index each relies on.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stPoint } from '@/db/st';
import { ManualClock } from '@/server/clock';
import {
  explainQuery,
  packedTrackQuery,
  positionsAtQuery,
  selectTrack,
  selectTrackPieces,
  trackQuery,
  crossingQuery,
  unpackTrack,
} from '@/server/units/history/history.repository';
import { listDayPartitions } from '@/server/units/history/partitions.repository';
import { PositionHistoryService } from '@/server/units/history/position-history.service';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { FIXTURE, insertMapFixture } from './map-fixture';

const M = 1 / 111_195;
const at = (s: string) => new Date(s);

describe.each(dialects)('position history (%s)', (dialect) => {
  let t: TestDatabase;
  let units: number[];
  const clock = new ManualClock('2026-12-01T09:00:00+08:00');
  let history: PositionHistoryService;

  beforeAll(async () => {
    t = await freshDatabase(dialect);
    await insertMapFixture(t.db);
    units = [];
    for (const code of ['CP-1', 'CP-2', 'PK-3']) {
      const { id } = await t.db
        .insertInto('units')
        .values({
          code,
          kind: 'compactor',
          name: code,
          sub_district_code: FIXTURE.east.code,
          synthetic: code === 'PK-3',
          on_shift: true,
          geom: stPoint([121.4, 31.2]),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      units.push(id);
    }
    history = new PositionHistoryService(t.db, clock, {
      sampler: { minDistanceM: 20, minTurnDeg: 25, maxIntervalS: 60 },
      fullDays: 2,
      thinDays: 3,
      aheadDays: 1,
      flushMs: 5,
    });
  }, 60_000);
  afterAll(() => t?.drop());

  const partitions = async () => (await listDayPartitions(t.db)).map((p) => `${p.day}${p.thinned ? ' thin' : ''}`);
  /** Whether a partition's rows lie, in storage order, sorted by unit and time (what a day track reads best). */
  const inTrackOrder = async (partition: string) => {
    const { rows } = await sql<{ unsorted: number }>`SELECT count(*)::int AS unsorted FROM (
        SELECT (unit_id, recorded_at) < lag((unit_id, recorded_at)) OVER (ORDER BY ctid) AS back FROM ${sql.table(partition)}) x
      WHERE back`.execute(t.db);
    return rows[0].unsorted === 0;
  };
  const count = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM unit_positions`.execute(t.db)).rows[0].n;
  /** A track read from the rows alone, as before packed days: what a packed day must read the same as. */
  const rowsTrack = async (unitId: number, from: Date, to: Date) =>
    unpackTrack((await packedTrackQuery(unitId, from, to, 10_000).execute(t.db)).rows[0]?.fixes);
  /** The packed unit days ("unit day") and the days marked packed. */
  const packed = async () => ({
    units: (
      await sql<{ k: string }>`SELECT unit_id || ' ' || to_char(day, 'YYYY-MM-DD') AS k FROM position_days ORDER BY day, unit_id`.execute(
        t.db,
      )
    ).rows.map((r) => r.k),
    days: (await sql<{ d: string }>`SELECT to_char(day, 'YYYY-MM-DD') AS d FROM position_packed_days ORDER BY day`.execute(t.db)).rows.map(
      (r) => r.d,
    ),
  });
  /** Every unit's track read (packed days and rows) against the rows alone, over periods cutting the days every way. */
  const expectTracksAsRows = async (periods: Array<[string, string]>) => {
    for (const [from, to] of periods)
      for (const u of units) expect(await selectTrack(t.db, u, at(from), at(to), 10_000)).toEqual(await rowsTrack(u, at(from), at(to)));
  };

  /** One simulated hour of 1 Hz reports from 08:00: CP-1 drives north 10 m/s, CP-2 stands, PK-3 (simulated) drives east. */
  async function driveHour(day: string) {
    const t0 = Date.parse(`${day}T08:00:00+08:00`);
    for (let s = 0; s < 3600; s += 1) {
      const stop = s >= 1200 && s < 1800; // CP-1 parks ten minutes
      const north = Math.min(s, 1200) * 10 + Math.max(0, s - 1800) * 10;
      const recordedAt = t0 + s * 1000;
      await Promise.all([
        history.record(
          [
            { unitId: units[0], fix: { lng: 121.4, lat: 31.2 + north * M, recordedAt, speedMps: stop ? 0 : 10, headingDeg: 0 } },
            { unitId: units[1], fix: { lng: 121.41, lat: 31.2, recordedAt, speedMps: 0, headingDeg: null } },
          ],
          'device',
        ),
        history.record(
          [{ unitId: units[2], fix: { lng: 121.4 + s * 5 * M, lat: 31.21, recordedAt, speedMps: 5, headingDeg: 90 } }],
          'simulator',
        ),
      ]);
    }
    await history.flush();
  }

  it('creates day partitions ahead on the clock, and sampled writes keep shapes but skip a parked unit', async () => {
    await history.retention.maintain();
    expect(await partitions()).toEqual(['2026-12-01', '2026-12-02']);
    await driveHour('2026-12-01');
    const perUnit = await sql<{ unit_id: number; n: number; sources: string }>`
      SELECT unit_id, count(*)::int AS n, string_agg(DISTINCT source, ',') AS sources FROM unit_positions GROUP BY unit_id ORDER BY unit_id`.execute(
      t.db,
    );
    const n = Object.fromEntries(perUnit.rows.map((r) => [r.unit_id, r]));
    // 3,600 reports each: the parked CP-2 costs one a minute; CP-1 one every ~21 m (plus its parked minutes).
    expect(n[units[1]].n).toBe(60);
    expect(n[units[0]].n).toBeGreaterThan(1000);
    expect(n[units[0]].n).toBeLessThan(1800);
    expect(n[units[2]].sources).toBe('simulator');
    // Native partitioning: the rows live in the day's partition, not the parent.
    const inPartition = await sql<{ n: number }>`SELECT count(*)::int AS n FROM unit_positions_d20261201`.execute(t.db);
    expect(inPartition.rows[0].n).toBe(await count());
    const kind = await sql<{ relkind: string }>`SELECT relkind FROM pg_class WHERE relname = 'unit_positions'`.execute(t.db);
    expect(kind.rows[0].relkind).toBe('p');
  }, 120_000);

  it('answers a unit’s track with its stop, every unit at a moment, and the units that crossed an area', async () => {
    const track = await history.track(units[0], at('2026-12-01T08:00:00+08:00'), at('2026-12-01T09:00:00+08:00'));
    expect(track.simulated).toBe(false);
    expect(track.stops).toHaveLength(1);
    expect(track.stops[0].from).toBe(Date.parse('2026-12-01T08:20:00+08:00'));
    expect(track.stops[0].to).toBeGreaterThanOrEqual(Date.parse('2026-12-01T08:29:00+08:00'));
    expect(track.distanceM).toBeGreaterThan(29_000);
    expect(track.distanceM).toBeLessThan(31_000);

    const moment = await history.positionsAt(at('2026-12-01T08:10:00+08:00'), 600);
    expect(moment.map((m) => m.unitId)).toEqual(units);
    expect(moment[0].lat).toBeCloseTo(31.2 + 6000 * M, 3);
    expect(moment[2].simulated).toBe(true);
    // Nothing within the lookback: nobody shown.
    expect(await history.positionsAt(at('2026-12-01T12:00:00+08:00'), 600)).toEqual([]);

    // A box around CP-2's spot: only CP-2 stood there.
    const box = {
      type: 'Polygon',
      coordinates: [
        [
          [121.409, 31.199],
          [121.411, 31.199],
          [121.411, 31.201],
          [121.409, 31.201],
          [121.409, 31.199],
        ],
      ],
    };
    const visits = await history.crossing(box, at('2026-12-01T00:00:00+08:00'), at('2026-12-02T00:00:00+08:00'));
    expect(visits).toMatchObject([{ unitId: units[1], fixes: 60 }]);

    await expect(history.track(units[0], at('2026-12-02T00:00:00+08:00'), at('2026-12-01T00:00:00+08:00'))).rejects.toMatchObject({
      messageKey: 'error.positions.periodOrder',
    });
  }, 60_000);

  it('reads through the indexes, in the period’s partitions only', async () => {
    await sql`ANALYZE unit_positions`.execute(t.db);
    const from = at('2026-12-01T08:00:00+08:00');
    const to = at('2026-12-01T09:00:00+08:00');
    const trackPlan = await explainQuery(t.db, trackQuery(units[0], from, to, 1000));
    const momentPlan = await explainQuery(t.db, positionsAtQuery(at('2026-12-01T08:10:00+08:00'), 600));
    const box = {
      type: 'Polygon',
      coordinates: [
        [
          [121.409, 31.199],
          [121.411, 31.199],
          [121.411, 31.201],
          [121.409, 31.201],
          [121.409, 31.199],
        ],
      ],
    };
    const areaPlan = await explainQuery(t.db, crossingQuery(box, from, to));
    console.info(`[${dialect}] track plan:\n${trackPlan}\nmoment plan:\n${momentPlan}\narea plan:\n${areaPlan}`);
    expect(trackPlan).toMatch(/unit_positions_d20261201_unit_id_recorded_at_idx/);
    expect(trackPlan).not.toMatch(/unit_positions_d20261202/);
    expect(momentPlan).toMatch(/unit_id_recorded_at_idx/);
    expect(areaPlan).toMatch(/geom_idx|unit_id_recorded_at_idx/);
  }, 60_000);

  it('orders a closed day by unit and time in the first round after midnight, once, and its tracks read the same', async () => {
    const from = at('2026-12-01T00:00:00+08:00');
    const to = at('2026-12-02T00:00:00+08:00');
    const tracksBefore = await Promise.all(units.map((u) => selectTrack(t.db, u, from, to, 10_000)));
    // Written as the fixes came, three units interleaved second by second.
    expect(await inTrackOrder('unit_positions_d20261201')).toBe(false);

    // Still the 1st: today is never rewritten.
    clock.set('2026-12-01T23:59:00+08:00');
    expect((await history.retention.maintain()).map((a) => a.kind)).toEqual([]);

    clock.set('2026-12-02T00:30:00+08:00');
    const actions = await history.retention.maintain();
    expect(
      actions.map((a) => (a.kind === 'create' ? `create ${a.day}` : a.kind === 'order' ? `order ${a.partition.name}` : a.kind)),
    ).toEqual(['create 2026-12-03', 'order unit_positions_d20261201']);
    expect(await partitions()).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
    expect(await inTrackOrder('unit_positions_d20261201')).toBe(true);
    expect((await listDayPartitions(t.db)).map((p) => `${p.day}${p.ordered ? ' ordered' : ''}`)).toEqual([
      '2026-12-01 ordered',
      '2026-12-02',
      '2026-12-03',
    ]);
    // The same rows, in the same order, for every unit, now read from one packed row a unit.
    expect(await Promise.all(units.map((u) => selectTrack(t.db, u, from, to, 10_000)))).toEqual(tracksBefore);
    expect(await packed()).toEqual({ units: units.map((u) => `${u} 2026-12-01`), days: ['2026-12-01'] });
    // A day ordered before packed days existed (migration 0071) is packed by the next round, without a second rewrite.
    const filenode = async () =>
      (await sql<{ f: string }>`SELECT pg_relation_filenode('unit_positions_d20261201')::text AS f`.execute(t.db)).rows[0].f;
    const rewritten = await filenode();
    await sql`DELETE FROM position_days`.execute(t.db);
    await sql`DELETE FROM position_packed_days`.execute(t.db);
    expect((await history.retention.maintain()).map((a) => a.kind)).toEqual(['order']);
    expect(await filenode()).toBe(rewritten);
    expect(await packed()).toEqual({ units: units.map((u) => `${u} 2026-12-01`), days: ['2026-12-01'] });
    expect(await Promise.all(units.map((u) => selectTrack(t.db, u, from, to, 10_000)))).toEqual(tracksBefore);
    const pieces = await selectTrackPieces(t.db, units[0], from, to, 10_000);
    expect(pieces).toEqual([{ fixes: expect.any(String), from: from.getTime(), to: to.getTime() }]);
    // Periods that cut the packed day, and one running on into today (rows) with a fix of today for CP-1.
    await history.record(
      [
        {
          unitId: units[0],
          fix: { lng: 121.4, lat: 31.2, recordedAt: Date.parse('2026-12-02T00:10:00+08:00'), speedMps: 1, headingDeg: 0 },
        },
      ],
      'device',
    );
    const periods: Array<[string, string]> = [
      ['2026-12-01T08:10:00+08:00', '2026-12-01T08:40:00+08:00'],
      ['2026-12-01T08:20:00+08:00', '2026-12-02T06:00:00+08:00'],
      ['2026-11-30T12:00:00+08:00', '2026-12-02T06:00:00+08:00'],
    ];
    await expectTracksAsRows(periods);
    const spanning = await selectTrack(t.db, units[0], at(periods[2][0]), at(periods[2][1]), 10_000);
    expect(spanning).toHaveLength(tracksBefore[0].length + 1);
    expect(spanning.at(-1)?.at).toBe(Date.parse('2026-12-02T00:10:00+08:00'));
    expect((await selectTrackPieces(t.db, units[0], at(periods[2][0]), at(periods[2][1]), 10_000)).map((p) => p.from)).toEqual([
      Date.parse(periods[2][0]),
      from.getTime(),
      to.getTime(),
    ]);
    // The limit holds across the pieces.
    expect(await selectTrack(t.db, units[0], at(periods[2][0]), at(periods[2][1]), 5)).toEqual(spanning.slice(0, 5));
    // Rewritten with its indexes, which the track still reads through.
    const plan = await explainQuery(t.db, trackQuery(units[0], from, to, 10_000));
    expect(plan).toMatch(/unit_positions_d20261201_unit_id_recorded_at_idx/);

    // A late fix of the closed day is stored (appended, read as any other); the day is not rewritten again for it.
    await history.record(
      [
        {
          unitId: units[2],
          fix: { lng: 121.45, lat: 31.21, recordedAt: Date.parse('2026-12-01T23:59:30+08:00'), speedMps: 5, headingDeg: 90 },
        },
      ],
      'simulator',
    );
    const late = await selectTrack(t.db, units[2], from, to, 10_000);
    expect(late).toHaveLength(tracksBefore[2].length + 1);
    expect(late.at(-1)).toMatchObject({ lng: 121.45, lat: 31.21, source: 'simulator' });
    // Its unit's packed day went with it (read from the rows now); the others' stay.
    expect((await packed()).units).toEqual([`${units[0]} 2026-12-01`, `${units[1]} 2026-12-01`]);
    await expectTracksAsRows(periods);
    clock.set('2026-12-02T01:30:00+08:00');
    expect(await history.retention.maintain()).toEqual([]);
  }, 60_000);

  it('thins a day past full resolution (one a minute plus stops), then drops it, whole partitions on time', async () => {
    const fullBefore = await count();
    const cp1Stop = await sql<{ n: number }>`SELECT count(*)::int AS n FROM unit_positions WHERE unit_id = ${units[0]}`.execute(t.db);
    clock.set('2026-12-03T00:30:00+08:00');
    await history.retention.maintain();
    expect(await partitions()).toEqual(['2026-12-01 thin', '2026-12-02', '2026-12-03', '2026-12-04']);
    const thinned = await sql<{
      unit_id: number;
      n: number;
    }>`SELECT unit_id, count(*)::int AS n FROM unit_positions GROUP BY unit_id ORDER BY unit_id`.execute(t.db);
    const n = Object.fromEntries(thinned.rows.map((r) => [r.unit_id, r.n]));
    // An hour is 60 minutes: one fix each, plus the first and last fix of CP-1's stop (and CP-2's all-day stop).
    expect(n[units[0]]).toBeLessThanOrEqual(62);
    expect(n[units[0]]).toBeGreaterThanOrEqual(60);
    expect(n[units[1]]).toBe(60);
    expect(await count()).toBeLessThan(fullBefore);
    // The thinned copy is written in track order too (it replaces an ordered day; nothing marks it, nothing needs to).
    expect(await inTrackOrder('unit_positions_t20261201')).toBe(true);
    expect(cp1Stop.rows[0].n).toBeGreaterThan(n[units[0]]);
    // The thinned day still replays, with its stop.
    const track = await history.track(units[0], at('2026-12-01T08:00:00+08:00'), at('2026-12-01T09:00:00+08:00'));
    expect(track.stops).toHaveLength(1);
    // Packed again from the thinned rows, every unit (the late fix's too), in the same transaction as the swap; the
    // 2nd, closed now, packed in the same round (CP-1's one fix after midnight).
    expect(await packed()).toEqual({
      units: [...units.map((u) => `${u} 2026-12-01`), `${units[0]} 2026-12-02`],
      days: ['2026-12-01', '2026-12-02'],
    });
    await expectTracksAsRows([
      ['2026-12-01T00:00:00+08:00', '2026-12-02T00:00:00+08:00'],
      ['2026-12-01T08:10:00+08:00', '2026-12-02T06:00:00+08:00'],
    ]);
    // Its indexes came with the swap.
    const indexes = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'unit_positions_t20261201'`.execute(t.db);
    expect(indexes.rows[0].n).toBe(2);

    // A late fix for a thinned day is not stored (its day is past full resolution); a batch with it still succeeds.
    await history.record(
      [
        {
          unitId: units[1],
          fix: { lng: 121.5, lat: 31.3, recordedAt: Date.parse('2026-12-01T10:00:00+08:00'), speedMps: 0, headingDeg: 0 },
        },
      ],
      'device',
    );

    clock.set('2026-12-06T00:30:00+08:00');
    const actions = await history.retention.maintain();
    expect(actions.filter((a) => a.kind === 'drop')).toHaveLength(1);
    // Three days on (the server was off on the 5th): the 1st is dropped, the 2nd–4th thinned, today and tomorrow made.
    expect(await partitions()).toEqual(['2026-12-02 thin', '2026-12-03 thin', '2026-12-04 thin', '2026-12-06', '2026-12-07']);
    // Only CP-1's fix after midnight on the 2nd is left (thinning keeps a minute's first fix).
    expect(await count()).toBe(1);
    // The dropped day's packed fixes went with it; the 2nd stays packed (thinned), the 3rd and 4th hold no fix.
    expect(await packed()).toEqual({ units: [`${units[0]} 2026-12-02`], days: ['2026-12-02', '2026-12-03', '2026-12-04'] });
    await expectTracksAsRows([['2026-12-01T12:00:00+08:00', '2026-12-03T00:00:00+08:00']]);
    expect(await selectTrack(t.db, units[0], at('2026-12-01T00:00:00+08:00'), at('2026-12-02T00:00:00+08:00'), 10)).toEqual([]);
    expect(history.health()).toMatchObject({ failingSince: null, dropped: 0 });
    // What the system administrator's panel shows: the days kept, newest first, full or thinned.
    expect((await history.status()).days).toEqual([
      { day: '2026-12-06', thinned: false },
      { day: '2026-12-04', thinned: true },
      { day: '2026-12-03', thinned: true },
      { day: '2026-12-02', thinned: true },
    ]);
  }, 60_000);

  it('creates a missing day on demand for a device’s backlog within full resolution', async () => {
    await history.record(
      [
        {
          unitId: units[0],
          fix: { lng: 121.4, lat: 31.2, recordedAt: Date.parse('2026-12-05T23:00:00+08:00'), speedMps: 1, headingDeg: 0 },
        },
      ],
      'device',
    );
    expect(await partitions()).toContain('2026-12-05');
    expect(await count()).toBe(2);
  }, 60_000);
});
