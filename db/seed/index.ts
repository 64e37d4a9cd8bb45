/**
 * Seeds an empty database with Changning: boundaries, base map, gazetteer, the 46 real kiosks and a synthetic
 * but plausible inventory and field force. Deterministic: the same seed gives the same database, row for row.
 * Everything is planned in memory first, then written in one transaction, so a failure leaves nothing behind;
 * a database that already has sub-districts is left untouched.
 */
import { type Kysely, sql } from 'kysely';
import type { BaseLayer, Database, FacilityKind, GeocodeQuality, UnitKind } from '@/db/schema';
import { createRandom } from '@/geo/random';
import { writeBasemap } from './basemap';
import { writeBoundaries } from './boundaries';
import { buildSeedContext } from './context';
import { planDepots } from './facilities/depots';
import { planKiosks } from './facilities/kiosks';
import { planLights } from './facilities/lights';
import { planOccupiedRoads } from './facilities/occupied-roads';
import type { PlannedFacility } from './facilities/planned-facility';
import { planRoadSegments } from './facilities/road-segments';
import { planShops } from './facilities/shops';
import { planTransferStations } from './facilities/transfer-stations';
import { writeFacilities } from './facilities/write-facilities';
import { writeAddresses } from './gazetteer';
import { seedGreening } from './greening';
import { planUnits, writeUnits } from './units';

/** Change it and every synthetic thing moves; keep it and the database is the same every time. */
export const SEED = 'onemap-changning-2026';

export interface SeedCounts {
  skipped: false;
  districts: number;
  subDistricts: number;
  baseFeatures: Record<BaseLayer, number>;
  addresses: number;
  facilities: Record<FacilityKind, number>;
  units: Partial<Record<UnitKind, number>>;
  kioskGeocodeQuality: Partial<Record<GeocodeQuality, number>>;
}

export type SeedSummary = { skipped: true } | SeedCounts;

function countBy<T, K extends string>(items: readonly T[], key: (item: T) => K): Partial<Record<K, number>> {
  const counts: Partial<Record<K, number>> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

export async function seedDatabase(db: Kysely<Database>): Promise<SeedSummary> {
  const summary = await seedInTransaction(db);
  // 绿化 and the real street furniture (and the 92 real toilets): right after a fresh seed, or once into a
  // database seeded before they existed.
  const greening = await seedGreening(db);
  if (!summary.skipped) {
    for (const [kind, n] of Object.entries(greening.facilities) as [FacilityKind, number][]) summary.facilities[kind] += n;
    if (greening.crews) summary.units.greening_crew = greening.crews;
  }
  // Planner statistics for the freshly loaded tables: the embedded database has no autovacuum to gather them,
  // and without them the planner guesses row counts (nearest-unit and map queries then plan worse).
  if (!summary.skipped) await sql`ANALYZE`.execute(db);
  return summary;
}

function seedInTransaction(db: Kysely<Database>): Promise<SeedSummary> {
  return db.transaction().execute(async (trx) => {
    // Two processes starting on one empty server database: the second waits here, then finds it seeded.
    await sql`LOCK TABLE sub_districts IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    const existing = await trx
      .selectFrom('sub_districts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(existing.n) > 0) return { skipped: true } as const;

    const context = buildSeedContext();
    const random = createRandom(SEED);
    // Each planner draws from its own stream, so changing one does not move the others.
    const depots = planDepots(context, random.fork('depots'));
    const facilities: PlannedFacility[] = [
      ...depots,
      ...planKiosks(context),
      ...planTransferStations(context, random.fork('transfer-stations')),
      ...planLights(context, random.fork('lights')),
      ...planShops(context, random.fork('shops')),
      ...planOccupiedRoads(context, random.fork('occupied-roads')),
      ...planRoadSegments(context, random.fork('road-segments')),
    ];
    const units = planUnits(context, depots, random.fork('units'));

    const boundaries = await writeBoundaries(trx, context);
    const baseFeatures = await writeBasemap(trx, context);
    const addresses = await writeAddresses(trx, context);
    const facilityIds = await writeFacilities(trx, context, facilities);
    await writeUnits(trx, context, units, facilityIds);

    const facilityCounts = countBy(facilities, (f) => f.kind);
    return {
      skipped: false,
      districts: boundaries.districts,
      subDistricts: boundaries.subDistricts,
      baseFeatures,
      addresses,
      facilities: {
        toilet: 0,
        transfer_station: 0,
        light: 0,
        shop: 0,
        occupied_road: 0,
        road_segment: 0,
        depot: 0,
        kiosk: 0,
        park: 0,
        tree: 0,
        litter_bin: 0,
        bench: 0,
        fountain: 0,
        ...facilityCounts,
      },
      units: countBy(units, (u) => u.kind),
      kioskGeocodeQuality: countBy(
        facilities.filter((f) => f.kind === 'kiosk'),
        (f) => f.geocodeQuality ?? 'sub_district_centre',
      ),
    };
  });
}
