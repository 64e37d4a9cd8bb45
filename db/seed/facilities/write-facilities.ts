/**
 * Stores planned facilities: first checks, in memory with Turf, that each lies in its sub-district's placement
 * area (every vertex of a line), then inserts them in batches. Returns the new ids by code.
 */
import type { InsertObject, Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { stFromGeoJSON, stPoint } from '@/db/st';
import { inBatches } from '../batch-insert';
import type { SeedContext } from '../context';
import { assertPlaced } from '../placement';
import type { PlannedFacility } from './planned-facility';

/**
 * Throws, naming the first offender, unless every placed facility (every vertex of a line) lies in its
 * sub-district. Surveyed positions (real and not geocoded: OpenStreetMap's parks, trees, toilets) are stored as
 * surveyed; they were filed under the sub-district holding them when planned.
 */
export function assertFacilitiesPlaced(context: SeedContext, facilities: readonly PlannedFacility[]): void {
  for (const facility of facilities) {
    if (!facility.synthetic && facility.geocodeQuality === null) continue;
    if (facility.geometry.type !== 'Point' && facility.geometry.type !== 'LineString') {
      throw new Error(`${facility.code}: only surveyed facilities may be ${facility.geometry.type}s`);
    }
    const vertices = facility.geometry.type === 'Point' ? [facility.geometry.coordinates] : facility.geometry.coordinates;
    assertPlaced(
      context,
      `${facility.code} (${facility.name})`,
      facility.subDistrictCode,
      vertices.map(([lng, lat]) => [lng, lat]),
    );
  }
}

function toRow(facility: PlannedFacility): InsertObject<Database, 'facilities'> {
  const { geometry } = facility;
  return {
    kind: facility.kind,
    code: facility.code,
    name: facility.name,
    address: facility.address,
    sub_district_code: facility.subDistrictCode,
    status: facility.status,
    attrs: JSON.stringify(facility.attrs),
    synthetic: facility.synthetic,
    geocode_quality: facility.geocodeQuality,
    geom: geometry.type === 'Point' ? stPoint([geometry.coordinates[0], geometry.coordinates[1]]) : stFromGeoJSON(geometry),
  };
}

export async function writeFacilities(
  db: Kysely<Database>,
  context: SeedContext,
  facilities: readonly PlannedFacility[],
): Promise<Map<string, number>> {
  assertFacilitiesPlaced(context, facilities);
  const idsByCode = new Map<string, number>();
  for (const batch of inBatches(facilities)) {
    const inserted = await db.insertInto('facilities').values(batch.map(toRow)).returning(['id', 'code']).execute();
    for (const { id, code } of inserted) idsByCode.set(code, id);
  }
  return idsByCode;
}
