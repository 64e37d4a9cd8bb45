/**
 * Stores the gazetteer: 1,085 real addressed points with their parsed doorplate (road, house number) and the
 * sub-district they lie in (null for the few outside Changning). The geocoder and the simulator read it.
 */
import type { InsertObject, Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { stPoint } from '@/db/st';
import { insertInBatches } from './batch-insert';
import type { SeedContext } from './context';

export async function writeAddresses(db: Kysely<Database>, context: SeedContext): Promise<number> {
  const rows: InsertObject<Database, 'addresses'>[] = context.gazetteer.map((entry) => ({
    // Some activity sites have no name of their own: their kind stands in.
    name: entry.name || entry.categoryZh,
    address: entry.address,
    road: entry.road,
    house_number: entry.houseNumber,
    sub_district_code: entry.subDistrictCode,
    geom: stPoint(entry.lngLat),
  }));
  return insertInBatches(db, 'addresses', rows);
}
