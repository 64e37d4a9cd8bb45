/**
 * What an alarm can be about (seed 003 景观灯光要素上图 / 环卫要素上图, seed 000 自助终端, issue #4): each type's
 * object kinds, default level (1 紧急 … 4 提示), the work-order category it becomes, whether it is judged by a
 * reading against a threshold, and for kiosks the repair class whose time limits apply. Pure: the browser imports it.
 */
export const ALARM_LEVELS = [1, 2, 3, 4] as const;
export type AlarmLevel = (typeof ALARM_LEVELS)[number];

/** Facility kinds an alarm's object is looked up in (facilities.code); other kinds are accepted by kind + id. */
export const FACILITY_OBJECT_KINDS = ['toilet', 'light', 'kiosk', 'transfer_station'] as const;
/** The disposal center's devices (cockpit): not facilities, accepted generically. */
export const DISPOSAL_OBJECT_KINDS = ['disposal_equipment', 'charging_pile', 'environment_monitor', 'energy_meter'] as const;

export type KioskRepairClass = 'software' | 'hardware' | 'parts';

export interface AlarmTypeDef {
  objectKinds: readonly string[];
  level: AlarmLevel;
  category: string;
  /** Judged from a numeric reading against the active threshold rules (raise / clear). */
  threshold?: { unit: string };
  kioskRepair?: KioskRepairClass;
}

const disposal = DISPOSAL_OBJECT_KINDS;

export const ALARM_TYPES = {
  'toilet.odour_nh3': { objectKinds: ['toilet'], level: 2, category: 'sanitation.toilet_cleaning', threshold: { unit: 'mg/m³' } },
  'toilet.odour_h2s': { objectKinds: ['toilet'], level: 2, category: 'sanitation.toilet_cleaning', threshold: { unit: 'mg/m³' } },
  'toilet.water_failure': { objectKinds: ['toilet'], level: 2, category: 'sanitation.facility_damage' },
  'toilet.power_failure': { objectKinds: ['toilet'], level: 2, category: 'sanitation.facility_damage' },
  'toilet.crowded': { objectKinds: ['toilet'], level: 4, category: 'sanitation.toilet_cleaning' },
  /** Raised when cleaning is due; a "cleaning done" report is its recovery. */
  'toilet.cleaning_due': { objectKinds: ['toilet'], level: 4, category: 'sanitation.toilet_cleaning' },
  'light.lamp_failure': { objectKinds: ['light'], level: 3, category: 'lighting.not_lit' },
  'light.power_failure': { objectKinds: ['light'], level: 2, category: 'lighting.damaged' },
  /** Heartbeats stopped; the next heartbeat is its recovery. */
  'kiosk.offline': { objectKinds: ['kiosk'], level: 2, category: 'kiosk.software', kioskRepair: 'software' },
  'kiosk.software_error': { objectKinds: ['kiosk'], level: 3, category: 'kiosk.software', kioskRepair: 'software' },
  'kiosk.paper_out': { objectKinds: ['kiosk'], level: 3, category: 'kiosk.hardware', kioskRepair: 'hardware' },
  'kiosk.card_reader': { objectKinds: ['kiosk'], level: 3, category: 'kiosk.hardware', kioskRepair: 'hardware' },
  'kiosk.parts_needed': { objectKinds: ['kiosk'], level: 3, category: 'kiosk.hardware', kioskRepair: 'parts' },
  'transfer.fill_level': { objectKinds: ['transfer_station'], level: 2, category: 'sanitation.bin_overflow', threshold: { unit: '%' } },
  'disposal.equipment': { objectKinds: disposal, level: 2, category: 'sanitation.facility_damage' },
  'disposal.charging_pile': { objectKinds: disposal, level: 3, category: 'sanitation.facility_damage' },
  'disposal.environment': { objectKinds: disposal, level: 2, category: 'sanitation.facility_damage', threshold: { unit: 'mg/m³' } },
  'disposal.energy_meter': { objectKinds: disposal, level: 3, category: 'sanitation.facility_damage' },
  /** A field worker pressed SOS on their phone (Traccar Client): critical, rings on the wall. */
  'unit.sos': { objectKinds: ['unit'], level: 1, category: 'other.unclear' },
  /** Any other alarm a unit's tracker reports (low battery, power cut, tampering, …), with its word in the value. */
  'unit.device_alarm': { objectKinds: ['unit'], level: 3, category: 'other.unclear' },
} as const satisfies Record<string, AlarmTypeDef>;

export type AlarmType = keyof typeof ALARM_TYPES;

/**
 * A kiosk's lost heartbeat: while one is open the kiosk is offline, on the wall's 自助终端在线 tile, its status chart
 * and the kiosk health list alike (one definition, so the tile never reads 46/46 beside an open heartbeat alarm).
 */
export const KIOSK_HEARTBEAT_ALARM = 'kiosk.offline' satisfies AlarmType;
export const ALARM_TYPE_CODES = Object.keys(ALARM_TYPES) as AlarmType[];

export function alarmTypeDef(type: string): AlarmTypeDef | undefined {
  return (ALARM_TYPES as Record<string, AlarmTypeDef>)[type];
}

export function isFacilityObject(kind: string): kind is (typeof FACILITY_OBJECT_KINDS)[number] {
  return (FACILITY_OBJECT_KINDS as readonly string[]).includes(kind);
}

/** Seed 000 (自助终端报修时限): software — respond 2 h, diagnose 24 h, fixed in 7 days; hardware 30 days; parts 60 days. */
export const KIOSK_REPAIR_LIMITS: Record<
  KioskRepairClass,
  { respondHours: number | null; diagnoseHours: number | null; fixHours: number }
> = {
  software: { respondHours: 2, diagnoseHours: 24, fixHours: 7 * 24 },
  hardware: { respondHours: null, diagnoseHours: null, fixHours: 30 * 24 },
  parts: { respondHours: null, diagnoseHours: null, fixHours: 60 * 24 },
};
