/**
 * The disposal center (长宁区废弃物综合处置中心) as this system knows it: where it is and its equipment. All of it
 * is 模拟数据 (synthetic) until the center's real archive is imported; planned from a fixed seed so every start
 * and every test sees the same center.
 */
import type { EquipmentType } from '@/db/schema';
import { createRandom } from '@/geo/random';

export const CENTER = {
  name: '长宁区废弃物综合处置中心',
  nameEn: 'Changning Waste Disposal Center',
  /** A plausible site by the outer ring in Xinjing (新泾镇), not the real address. */
  address: '长宁区新泾镇北翟路（模拟位置）',
  location: [121.3565, 31.2187] as [number, number],
  synthetic: true,
} as const;

export const CENTER_SEED = 'onemap-disposal-center-2026';

/** What each meter and monitor measures, with its unit. */
export const METRICS = {
  electricity_kwh: { unit: 'kWh', zh: '用电', en: 'Electricity' },
  water_m3: { unit: 'm³', zh: '用水', en: 'Water' },
  h2s_mg_m3: { unit: 'mg/m³', zh: '硫化氢', en: 'H₂S' },
  nh3_mg_m3: { unit: 'mg/m³', zh: '氨', en: 'NH₃' },
  noise_db: { unit: 'dB(A)', zh: '噪声', en: 'Noise' },
} as const;
export type Metric = keyof typeof METRICS;

/**
 * Limits of the environment readings at the site boundary: GB 14554-93 (恶臭污染物厂界标准值, class 2: H₂S
 * 0.06 mg/m³, NH₃ 1.5 mg/m³) and GB 12348-2008 (class 3 daytime 65 dB(A)).
 */
export const ENV_LIMITS: Partial<Record<Metric, number>> = { h2s_mg_m3: 0.06, nh3_mg_m3: 1.5, noise_db: 65 };
export const ENV_METRICS: readonly Metric[] = ['h2s_mg_m3', 'nh3_mg_m3', 'noise_db'];

/** Days between routine inspections, by equipment type. */
export const INSPECTION_CYCLE_DAYS: Record<EquipmentType, number> = {
  compactor: 7,
  conveyor: 7,
  deodoriser: 14,
  charging_pile: 30,
  env_monitor: 30,
  energy_meter: 90,
};

export interface PlannedEquipment {
  code: string;
  qrPayload: string;
  name: string;
  type: EquipmentType;
  area: string;
  status: 'running' | 'idle' | 'fault' | 'maintenance';
  tags: string[];
  installedOn: string;
  lastInspectedOn: string;
  /** Energy meters: what they measure and their typical hourly use by day and by night. */
  meter?: { metric: 'electricity_kwh' | 'water_m3'; dayPerHour: number; nightPerHour: number };
}

const TYPES: ReadonlyArray<{ type: EquipmentType; prefix: string; names: string[]; area: string; tags: string[] }> = [
  {
    type: 'compactor',
    prefix: 'YS',
    names: ['1#垂直压缩机', '2#垂直压缩机', '3#水平压缩机', '4#水平压缩机'],
    area: '压缩车间',
    tags: ['生产设备', '特种设备'],
  },
  { type: 'conveyor', prefix: 'SS', names: ['1#上料输送线', '2#分拣输送线', '3#出料输送线'], area: '分拣车间', tags: ['生产设备'] },
  { type: 'deodoriser', prefix: 'CC', names: ['1#生物除臭塔', '2#生物除臭塔', '喷淋除臭系统'], area: '除臭系统', tags: ['环保设备'] },
  {
    type: 'charging_pile',
    prefix: 'CD',
    names: ['1#充电桩', '2#充电桩', '3#充电桩', '4#充电桩', '5#充电桩', '6#充电桩'],
    area: '新能源车充电区',
    tags: ['充电设施'],
  },
  {
    type: 'env_monitor',
    prefix: 'HJ',
    names: ['东厂界监测站', '西厂界监测站', '压缩车间监测点', '卸料大厅监测点'],
    area: '环境监测',
    tags: ['监测设备', '环保设备'],
  },
  { type: 'energy_meter', prefix: 'NH', names: ['总进线电表', '压缩车间电表', '总进水水表'], area: '配电房', tags: ['计量器具'] },
];

const METERS: Record<string, PlannedEquipment['meter']> = {
  总进线电表: { metric: 'electricity_kwh', dayPerHour: 420, nightPerHour: 90 },
  压缩车间电表: { metric: 'electricity_kwh', dayPerHour: 260, nightPerHour: 35 },
  总进水水表: { metric: 'water_m3', dayPerHour: 6.5, nightPerHour: 1.2 },
};

function dayBefore(today: string, days: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/** The center's equipment archive, the same for the same `today` (inspection dates are relative to it). */
export function planEquipment(today: string): PlannedEquipment[] {
  const random = createRandom(CENTER_SEED).fork('equipment');
  const planned: PlannedEquipment[] = [];
  for (const group of TYPES) {
    group.names.forEach((name, index) => {
      const code = `FQ-${group.prefix}-${String(index + 1).padStart(3, '0')}`;
      const cycle = INSPECTION_CYCLE_DAYS[group.type];
      planned.push({
        code,
        qrPayload: `onemap://cockpit/equipment/${code}`,
        name,
        type: group.type,
        area: group.area,
        status: 'running',
        tags: group.tags,
        installedOn: `20${random.int(19, 24)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
        // Some pieces a little overdue, most inside their cycle.
        lastInspectedOn: dayBefore(today, random.int(0, cycle + 2)),
        meter: METERS[name],
      });
    });
  }
  // A charging pile at fault and a conveyor under maintenance, so the boards show what they are for.
  planned.find((e) => e.code === 'FQ-CD-004')!.status = 'fault';
  planned.find((e) => e.code === 'FQ-SS-002')!.status = 'maintenance';
  return planned;
}

/** Hourly use of a meter in a Shanghai hour of the day (operation 06:00–22:00), before noise. */
export function typicalUse(meter: NonNullable<PlannedEquipment['meter']>, shanghaiHour: number): number {
  return shanghaiHour >= 6 && shanghaiHour < 22 ? meter.dayPerHour : meter.nightPerHour;
}

const PLANNED_METERS = new Map(planEquipment('2026-01-01').flatMap((e) => (e.meter ? [[e.code, e.meter] as const] : [])));

/** What a meter in the archive measures and its typical use, by its code; undefined for anything else. */
export function plannedMeter(code: string): PlannedEquipment['meter'] {
  return PLANNED_METERS.get(code);
}
