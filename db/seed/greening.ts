/**
 * 绿化 into a seeded database, once: the real parks, trees and street furniture (facilities/greening.ts), the
 * greening crews (绿化养护车) at each sub-district's depots, and the end of the synthetic public toilets that the 92
 * real ones replace. A fresh seed calls it right after the rest; a database seeded before 绿化 existed gets it on
 * its next start. Skipped when parks are already there; one transaction, so a failure leaves nothing behind.
 */
import { type Kysely, sql } from 'kysely';
import type { Database, FacilityKind } from '@/db/schema';
import { stX, stY } from '@/db/st';
import { createRandom } from '@/geo/random';
import { apportion } from './apportion';
import { insertInBatches } from './batch-insert';
import { buildSeedContext, type SeedContext } from './context';
import { planGreening } from './facilities/greening';
import { writeFacilities } from './facilities/write-facilities';
import { assertPlaced, placeNear, sequenceCode } from './placement';
import { uniqueDraw, vehiclePlate } from './synthetic-names';

/** Crews per district, split by the sub-districts' weights, at least this many each (seed 003: 绿化养护 by 街道). */
export const GREENING_CREW_COUNT = 40;
const CREWS_MIN_EACH = 2;
const ON_SHIFT_SHARE = 0.85;
const CREW_SEED = 'onemap-changning-2026/greening-crews';

export interface GreeningSeedSummary {
  skipped: boolean;
  /** Facilities written, by kind. */
  facilities: Partial<Record<FacilityKind, number>>;
  crews: number;
  /** Synthetic toilets removed (the real ones replace them); those still referenced stay, marked synthetic. */
  syntheticToiletsRemoved: number;
}

export async function seedGreening(db: Kysely<Database>, context?: SeedContext): Promise<GreeningSeedSummary> {
  return db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE facilities IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    const parks = await trx
      .selectFrom('facilities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'park')
      .executeTakeFirstOrThrow();
    const subDistricts = await trx
      .selectFrom('sub_districts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(parks.n) > 0 || Number(subDistricts.n) === 0) return { skipped: true, facilities: {}, crews: 0, syntheticToiletsRemoved: 0 };

    const ctx = context ?? buildSeedContext();
    const planned = planGreening(ctx);
    await writeFacilities(trx, ctx, planned);
    const crews = await writeGreeningCrews(trx, ctx);
    const removed = await removeSyntheticToilets(trx);
    const facilities: Partial<Record<FacilityKind, number>> = {};
    for (const f of planned) facilities[f.kind] = (facilities[f.kind] ?? 0) + 1;
    return { skipped: false, facilities, crews, syntheticToiletsRemoved: removed };
  });
}

/** Synthetic crews parked at their sub-district's depots, like the other vehicles (db/seed/units.ts). */
async function writeGreeningCrews(db: Kysely<Database>, context: SeedContext): Promise<number> {
  const depots = await db
    .selectFrom('facilities')
    .select((eb) => ['id', 'sub_district_code', stX(eb.ref('geom')).as('lng'), stY(eb.ref('geom')).as('lat')])
    .where('kind', '=', 'depot')
    .orderBy('id')
    .execute();
  const random = createRandom(CREW_SEED);
  const counts = apportion(
    GREENING_CREW_COUNT,
    context.subDistricts.map((s) => s.weight),
    CREWS_MIN_EACH,
  );
  const plates = new Set<string>();
  const rows: Parameters<typeof insertInBatches<'units'>>[2][number][] = [];
  let sequence = 0;
  context.subDistricts.forEach((sub, i) => {
    const local = depots.filter((d) => d.sub_district_code === sub.code);
    if (local.length === 0) return; // a sub-district without a depot gets no crew rather than one parked elsewhere
    for (let k = 0; k < counts[i]; k++) {
      const depot = random.pick(local);
      const at = placeNear([depot.lng, depot.lat], sub.placementArea, random, { minMeters: 3, maxMeters: 30 }) ?? [depot.lng, depot.lat];
      const code = sequenceCode('GRN', ++sequence);
      const name = `${uniqueDraw(() => vehiclePlate(random), plates)} 绿化养护车`;
      assertPlaced(context, `${code} (${name})`, sub.code, [at]);
      rows.push({
        code,
        kind: 'greening_crew',
        name,
        sub_district_code: sub.code,
        depot_id: depot.id,
        synthetic: true,
        device_key_hash: null,
        on_shift: random.chance(ON_SHIFT_SHARE),
        speed_mps: null,
        heading_deg: null,
        last_seen_at: null,
        geom: sql`ST_SetSRID(ST_MakePoint(${at[0]}, ${at[1]}), 4326)`,
      });
    }
  });
  return insertInBatches(db, 'units', rows);
}

/**
 * The synthetic toilets go; a toilet an alarm or a fee payer points at stays (still marked synthetic), so no
 * record loses what it was about. The live feed's mentions of removed toilets lose only the link.
 */
async function removeSyntheticToilets(db: Kysely<Database>): Promise<number> {
  const referenced = sql<boolean>`EXISTS (SELECT 1 FROM alarms a WHERE a.facility_id = facilities.id)
    OR EXISTS (SELECT 1 FROM fee_payers p WHERE p.facility_id = facilities.id)
    OR EXISTS (SELECT 1 FROM units u WHERE u.depot_id = facilities.id)`;
  const doomed = db
    .selectFrom('facilities')
    .select('id')
    .where('kind', '=', 'toilet')
    .where('synthetic', '=', true)
    .where(sql<boolean>`NOT (${referenced})`);
  await db.updateTable('event_feed').set({ facility_id: null }).where('facility_id', 'in', doomed).execute();
  const result = await db.deleteFrom('facilities').where('id', 'in', doomed).executeTakeFirst();
  return Number(result.numDeletedRows);
}
