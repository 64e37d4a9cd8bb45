/**
 * The synthetic field force: vehicles parked at their sub-district's depots, and staff on the streets of their
 * sub-district (duty officers at the depot). None can report positions yet (no device key) and none has been
 * seen; the simulator or real devices bring them to life.
 */
import type { InsertObject, Kysely } from 'kysely';
import type { Database, UnitKind } from '@/db/schema';
import { stPoint } from '@/db/st';
import type { LngLat } from '@/geo/lnglat';
import type { Random } from '@/geo/random';
import { apportion } from './apportion';
import { insertInBatches } from './batch-insert';
import type { SeedContext, SubDistrictSeed } from './context';
import { plannedPosition, type PlannedFacility } from './facilities/planned-facility';
import { assertPlaced, pickAddress, placeNear, sequenceCode } from './placement';
import { personName, uniqueDraw, vehiclePlate } from './synthetic-names';

interface UnitKindPlan {
  kind: UnitKind;
  /** Names to show; one is drawn per unit. */
  labels: string[];
  count: number;
  minimumEach: number;
}

export const VEHICLE_KINDS: readonly UnitKindPlan[] = [
  { kind: 'sweeper', labels: ['扫路车'], count: 80, minimumEach: 2 },
  { kind: 'washer', labels: ['洒水车', '冲洗车'], count: 50, minimumEach: 1 },
  { kind: 'compactor', labels: ['压缩车'], count: 60, minimumEach: 2 },
  { kind: 'toilet_service', labels: ['公厕保洁车'], count: 30, minimumEach: 1 },
  { kind: 'lighting_repair', labels: ['灯光抢修车'], count: 30, minimumEach: 1 },
];

export const STAFF_KINDS: readonly UnitKindPlan[] = [
  { kind: 'patrol_officer', labels: ['巡查员'], count: 160, minimumEach: 5 },
  { kind: 'handler', labels: ['处置人员'], count: 110, minimumEach: 3 },
  { kind: 'duty_officer', labels: ['值班员'], count: 30, minimumEach: 3 },
];

/** Share of units on shift when the seed is taken. */
const ON_SHIFT_SHARE = 0.85;

export interface PlannedUnit {
  code: string;
  kind: UnitKind;
  name: string;
  subDistrictCode: string;
  depotCode: string;
  onShift: boolean;
  lngLat: LngLat;
}

function depotsBySubDistrict(depots: readonly PlannedFacility[]): Map<string, PlannedFacility[]> {
  const map = new Map<string, PlannedFacility[]>();
  for (const depot of depots) map.set(depot.subDistrictCode, [...(map.get(depot.subDistrictCode) ?? []), depot]);
  return map;
}

/** Within 30 m of the depot, as parked vehicles stand; the depot itself when nothing near is inside. */
function parkedAt(depot: PlannedFacility, sub: SubDistrictSeed, random: Random): LngLat {
  return placeNear(plannedPosition(depot), sub.placementArea, random, { minMeters: 3, maxMeters: 30 }) ?? plannedPosition(depot);
}

/** On a street of the sub-district: within 20 m of a real address. */
function onStreet(sub: SubDistrictSeed, random: Random): LngLat {
  for (let attempt = 0; attempt < 20; attempt++) {
    const position = placeNear(pickAddress(sub.addresses, random).lngLat, sub.placementArea, random, { maxMeters: 20 });
    if (position) return position;
  }
  throw new Error(`No street position for a unit in ${sub.name}`);
}

export function planUnits(context: SeedContext, depots: readonly PlannedFacility[], random: Random): PlannedUnit[] {
  const depotsIn = depotsBySubDistrict(depots);
  const weights = context.subDistricts.map((s) => s.weight);
  const plates = new Set<string>();
  const names = new Set<string>();
  const units: PlannedUnit[] = [];

  const plan = (kinds: readonly UnitKindPlan[], prefix: string, isVehicle: boolean) => {
    let sequence = 0;
    for (const kindPlan of kinds) {
      const counts = apportion(kindPlan.count, weights, kindPlan.minimumEach);
      context.subDistricts.forEach((sub, i) => {
        const localDepots = depotsIn.get(sub.code);
        if (!localDepots?.length) throw new Error(`No depot in ${sub.name} for its units`);
        // Staff report to the fleet yard (the first depot); vehicles park at any of the sub-district's depots.
        for (let k = 0; k < counts[i]; k++) {
          const depot = isVehicle ? random.pick(localDepots) : localDepots[0];
          const label = random.pick(kindPlan.labels);
          const who = isVehicle ? uniqueDraw(() => vehiclePlate(random), plates) : uniqueDraw(() => personName(random), names);
          const atDepot = isVehicle || kindPlan.kind === 'duty_officer';
          units.push({
            code: sequenceCode(prefix, ++sequence),
            kind: kindPlan.kind,
            name: `${who} ${label}`,
            subDistrictCode: sub.code,
            depotCode: depot.code,
            onShift: random.chance(ON_SHIFT_SHARE),
            lngLat: atDepot ? parkedAt(depot, sub, random) : onStreet(sub, random),
          });
        }
      });
    }
  };
  plan(VEHICLE_KINDS, 'VEH', true);
  plan(STAFF_KINDS, 'STAFF', false);
  return units;
}

export async function writeUnits(
  db: Kysely<Database>,
  context: SeedContext,
  units: readonly PlannedUnit[],
  depotIds: ReadonlyMap<string, number>,
): Promise<number> {
  const rows: InsertObject<Database, 'units'>[] = units.map((unit) => {
    assertPlaced(context, `${unit.code} (${unit.name})`, unit.subDistrictCode, [unit.lngLat]);
    const depotId = depotIds.get(unit.depotCode);
    if (depotId === undefined) throw new Error(`${unit.code}: depot ${unit.depotCode} was not stored`);
    return {
      code: unit.code,
      kind: unit.kind,
      name: unit.name,
      sub_district_code: unit.subDistrictCode,
      depot_id: depotId,
      synthetic: true,
      device_key_hash: null,
      on_shift: unit.onShift,
      speed_mps: null,
      heading_deg: null,
      last_seen_at: null,
      geom: stPoint(unit.lngLat),
    };
  });
  return insertInBatches(db, 'units', rows);
}
