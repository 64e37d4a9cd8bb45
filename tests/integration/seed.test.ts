/**
 * The seed on a real database, in both dialects: the expected inventory, the same database every time, every
 * facility and unit inside the sub-district it is filed under, the 46 real kiosks, and no second seeding.
 */
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialectName } from '@/db/connect';
import type { Database } from '@/db/schema';
import { seedDatabase, type SeedSummary } from '@/db/seed';
import { shanghaiDay } from '@/domain/shanghai-time';
import { seedOrderHistory } from '@/server/sim/order-history';
import { leaderSummary } from '@/server/summary/leader-summary';
import { dialects, freshDatabase, type TestDatabase } from './databases';

/** ≈1 m at Shanghai's latitude, in degrees: room for the last decimal of a coordinate on a boundary. */
const TOLERANCE_DEGREES = 1e-5;

/** A digest of everything seeded, row by row in code order: equal digests mean equal databases. */
async function fingerprint(db: Kysely<Database>): Promise<string> {
  const hash = createHash('sha256');
  const facilities = await db
    .selectFrom('facilities')
    .select([
      'code',
      'kind',
      'name',
      'address',
      'sub_district_code',
      'status',
      'geocode_quality',
      sql<string>`attrs::text`.as('attrs'),
      'geom',
    ])
    .orderBy('code')
    .execute();
  const units = await db
    .selectFrom('units')
    .innerJoin('facilities as depot', 'depot.id', 'units.depot_id')
    .select(['units.code', 'units.kind', 'units.name', 'units.sub_district_code', 'units.on_shift', 'depot.code as depot', 'units.geom'])
    .orderBy('units.code')
    .execute();
  const addresses = await db
    .selectFrom('addresses')
    .select(['name', 'address', 'road', 'house_number', 'sub_district_code', 'geom'])
    .orderBy('id')
    .execute();
  const base = await db
    .selectFrom('base_features')
    .select(['layer', 'name', 'ref', sql<string>`props::text`.as('props'), 'geom'])
    .orderBy('id')
    .execute();
  for (const rows of [facilities, units, addresses, base]) hash.update(JSON.stringify(rows));
  return hash.digest('hex');
}

async function countRows(
  db: Kysely<Database>,
  table: 'districts' | 'sub_districts' | 'base_features' | 'addresses' | 'facilities' | 'units',
) {
  const { n } = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

const fingerprints = new Map<DialectName, string>();

describe.each(dialects)('seeding Changning on the %s database', (dialect) => {
  let database: TestDatabase;
  let summary: SeedSummary;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    summary = await seedDatabase(database.db);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('holds the expected boundaries, base map, gazetteer, inventory and field force', async () => {
    const { db } = database;
    expect(await countRows(db, 'districts')).toBe(1);
    const subDistricts = await db.selectFrom('sub_districts').select(['code', 'name', 'name_en']).orderBy('code').execute();
    expect(subDistricts).toHaveLength(10);
    expect(subDistricts[0]).toEqual({ code: '310105001', name: '华阳路街道', name_en: 'Huayang Road Subdistrict' });
    expect(subDistricts.at(-1)).toEqual({ code: '310105102', name: '新泾镇', name_en: 'Xinjing Town' });
    expect(await countRows(db, 'addresses')).toBe(1085);

    const layers = Object.fromEntries(
      (
        await db
          .selectFrom('base_features')
          .select(['layer', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy('layer')
          .execute()
      ).map((r) => [r.layer, Number(r.n)]),
    );
    expect(layers.road).toBeGreaterThan(20);
    expect(layers.metro_line).toBeGreaterThan(5);
    expect(layers.metro_station).toBeGreaterThan(13);

    const kinds = Object.fromEntries(
      (
        await db
          .selectFrom('facilities')
          .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy('kind')
          .execute()
      ).map((r) => [r.kind, Number(r.n)]),
    );
    expect(kinds).toMatchObject({ kiosk: 46, transfer_station: 25, light: 2000, shop: 1500, occupied_road: 200, depot: 12 });
    // Real, from OpenStreetMap: the 92 toilets replace the synthetic ones; parks, trees and street furniture.
    expect(kinds).toMatchObject({ toilet: 92, park: 60, tree: 1338, litter_bin: 97, bench: 58, fountain: 21 });
    expect(kinds.road_segment).toBeGreaterThanOrEqual(380);
    expect(kinds.road_segment).toBeLessThanOrEqual(420);

    const units = await db
      .selectFrom('units')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('kind')
      .execute();
    const unitCount = (kindsWanted: string[]) => units.filter((u) => kindsWanted.includes(u.kind)).reduce((s, u) => s + Number(u.n), 0);
    expect(unitCount(['sweeper', 'washer', 'compactor', 'toilet_service', 'lighting_repair'])).toBe(250);
    expect(unitCount(['patrol_officer', 'handler', 'duty_officer'])).toBe(300);
    expect(unitCount(['greening_crew'])).toBe(40);

    expect(summary).toMatchObject({ skipped: false, addresses: 1085, facilities: kinds });
  });

  it('marks only the kiosks and the OpenStreetMap layers as real, and keeps every synthetic unit unable to report until given a device', async () => {
    const { db } = database;
    const real = await db.selectFrom('facilities').select('kind').where('synthetic', '=', false).distinct().orderBy('kind').execute();
    expect(real.map((r) => r.kind)).toEqual(['bench', 'fountain', 'kiosk', 'litter_bin', 'park', 'toilet', 'tree']);
    const reporting = await db
      .selectFrom('units')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) =>
        eb.or([
          eb('synthetic', '=', false),
          eb('device_key_hash', 'is not', null),
          eb('last_seen_at', 'is not', null),
          eb('depot_id', 'is', null),
        ]),
      )
      .executeTakeFirstOrThrow();
    expect(Number(reporting.n)).toBe(0);
  });

  it('puts every facility and unit inside the sub-district it is filed under, and inside the district', async () => {
    const { db } = database;
    const facilitiesOutside = await sql<{ code: string }>`
      SELECT f.code FROM facilities f JOIN sub_districts s ON s.code = f.sub_district_code, districts d
      WHERE (f.synthetic OR f.geocode_quality IS NOT NULL)
        AND (NOT ST_Covers(ST_Buffer(s.geom, ${TOLERANCE_DEGREES}), f.geom)
          OR NOT ST_Covers(ST_Buffer(d.geom, ${TOLERANCE_DEGREES}), f.geom))`.execute(db);
    expect(facilitiesOutside.rows).toEqual([]);
    // Surveyed outlines and points (OpenStreetMap) are stored as surveyed: the source cut them to a slightly
    // different district outline, and a park may spill over the edge; each still lies at the district.
    const surveyedAway = await sql<{ code: string }>`
      SELECT f.code FROM facilities f, districts d
      WHERE NOT f.synthetic AND f.geocode_quality IS NULL
        AND NOT ST_DWithin(d.geom::geography, ST_PointOnSurface(f.geom)::geography, 150)`.execute(db);
    expect(surveyedAway.rows).toEqual([]);
    const unitsOutside = await sql<{ code: string }>`
      SELECT u.code FROM units u JOIN sub_districts s ON s.code = u.sub_district_code, districts d
      WHERE u.geom IS NULL
         OR NOT ST_Covers(ST_Buffer(s.geom, ${TOLERANCE_DEGREES}), u.geom)
         OR NOT ST_Covers(ST_Buffer(d.geom, ${TOLERANCE_DEGREES}), u.geom)`.execute(db);
    expect(unitsOutside.rows).toEqual([]);
    // A unit's depot is in its own sub-district, and vehicles start parked beside it.
    const strayVehicles = await sql<{ code: string }>`
      SELECT u.code FROM units u JOIN facilities depot ON depot.id = u.depot_id
      WHERE depot.kind <> 'depot' OR depot.sub_district_code <> u.sub_district_code
         OR (u.kind IN ('sweeper','washer','compactor','toilet_service','lighting_repair')
             AND NOT ST_DWithin(u.geom::geography, depot.geom::geography, 40))`.execute(db);
    expect(strayVehicles.rows).toEqual([]);
  });

  it('files each gazetteer address under the sub-district that contains it', async () => {
    const misfiled = await sql<{ address: string }>`
      SELECT a.address FROM addresses a JOIN sub_districts s ON s.code = a.sub_district_code
      WHERE NOT ST_Covers(s.geom, a.geom)`.execute(database.db);
    expect(misfiled.rows).toEqual([]);
    const { n } = await database.db
      .selectFrom('addresses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('sub_district_code', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBeGreaterThan(1050);
  });

  it('places all 46 real kiosks, each with a geocode quality, mostly from the gazetteer', async () => {
    const kiosks = await database.db
      .selectFrom('facilities')
      .select(['code', 'geocode_quality', 'status', sql<string>`attrs->>'mac'`.as('mac')])
      .where('kind', '=', 'kiosk')
      .orderBy('code')
      .execute();
    expect(kiosks).toHaveLength(46);
    expect(kiosks[0].code).toBe('KIOSK-01');
    for (const kiosk of kiosks) {
      expect(kiosk.geocode_quality).not.toBeNull();
      expect(kiosk.status).toBe('online');
      expect(kiosk.mac).toMatch(/^([0-9A-F]{2}-){5}[0-9A-F]{2}$/);
    }
    const fromGazetteer = kiosks.filter((k) => k.geocode_quality === 'exact' || k.geocode_quality === 'nearest_number');
    expect(fromGazetteer.length).toBeGreaterThanOrEqual(40);
  });

  it("writes the demo's order history once, so the leaders' trend is not flat, and counts it as a hand count does", async () => {
    const now = new Date('2026-12-04T02:00:00Z');
    const written = await seedOrderHistory(database.db, now, 20261122);
    expect(written).toBeGreaterThan(28 * 12);
    expect(await seedOrderHistory(database.db, now, 20261122)).toBe(0);
    const orders = await database.db.selectFrom('orders').select(['status', 'received_at', 'closed_at', 'sub_district_code']).execute();
    expect(orders).toHaveLength(written);
    expect(orders.every((o) => o.sub_district_code !== null)).toBe(true);

    // By hand: received per Shanghai day; finished (status closed, never 作废) per day of closing.
    const perDay = (dates: Date[]) =>
      dates.reduce((m, d) => m.set(shanghaiDay(d), (m.get(shanghaiDay(d)) ?? 0) + 1), new Map<string, number>());
    const received = perDay(orders.map((o) => o.received_at));
    const finished = perDay(orders.filter((o) => o.status === 'closed').map((o) => o.closed_at!));
    expect(orders.some((o) => o.status === 'voided')).toBe(true);
    const { trend } = await leaderSummary(database.db, now);
    expect(trend.slice(0, -1).every((d) => d.received > 0 && d.closed > 0)).toBe(true);
    for (const d of trend) expect(d).toEqual({ day: d.day, received: received.get(d.day) ?? 0, closed: finished.get(d.day) ?? 0 });
  });

  it('leaves an already-seeded database untouched', async () => {
    const before = await fingerprint(database.db);
    expect(await seedDatabase(database.db)).toEqual({ skipped: true });
    expect(await fingerprint(database.db)).toBe(before);
  });

  it('builds the same database, row for row, on a second fresh database', async () => {
    const second = await freshDatabase(dialect);
    try {
      await seedDatabase(second.db);
      const [a, b] = [await fingerprint(database.db), await fingerprint(second.db)];
      expect(b).toBe(a);
      fingerprints.set(dialect, a);
    } finally {
      await second.drop();
    }
  }, 180_000); // a second embedded database is created and seeded here
});

describe('seeding across dialects', () => {
  it('builds the same database on the embedded and the server dialect', () => {
    expect(fingerprints.size).toBe(2);
    expect(fingerprints.get('embedded')).toBe(fingerprints.get('postgres'));
  });
});
