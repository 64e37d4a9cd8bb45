/**
 * Which of the given units and facilities, and which sub-districts, belong to one district: for filtering results
 * already read (a replayed moment) rather than filtering each read.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { soleDistrict, subDistrictInScope } from './district-sql';

export interface DistrictMembers {
  subDistricts: { codes: Set<string>; /** Whether the district is the only one (it holds what has no place). */ soleDistrict: boolean };
  unitIds: Set<number>;
  facilityIds: Set<number>;
}

export async function districtMembers(
  db: Kysely<Database>,
  district: string,
  of: { units: ReadonlyArray<{ unitId: number }>; alarms: ReadonlyArray<{ facilityId: number | null }> },
): Promise<DistrictMembers> {
  const scope = { kind: 'district', code: district } as const;
  const unitIds = of.units.map((u) => u.unitId);
  const facilityIds = of.alarms.flatMap((a) => (a.facilityId === null ? [] : [a.facilityId]));
  const [subDistricts, sole, units, facilities] = await Promise.all([
    db.selectFrom('sub_districts').select('code').where('district_code', '=', district).execute(),
    soleDistrict(db),
    unitIds.length
      ? db.selectFrom('units').select('id').where('id', 'in', unitIds).where(subDistrictInScope('sub_district_code', scope)).execute()
      : [],
    facilityIds.length
      ? db
          .selectFrom('facilities')
          .select('id')
          .where('id', 'in', facilityIds)
          .where(subDistrictInScope('sub_district_code', scope))
          .execute()
      : [],
  ]);
  return {
    subDistricts: {
      codes: new Set(subDistricts.map((s) => s.code)),
      soleDistrict: sole === district,
    },
    unitIds: new Set(units.map((u) => u.id)),
    facilityIds: new Set(facilities.map((f) => f.id)),
  };
}
