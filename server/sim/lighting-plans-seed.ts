/**
 * The lighting plans a new installation starts with: the normal nightly plan (approved at installation) and the
 * holiday plans of the year (节假日景观亮化保障): 国庆 and 进博会 approved, 春节 proposed and waiting for approval.
 * Times are typical of Shanghai's landscape-lighting rules, not an official timetable. Written once, into an
 * empty table, as the plans of the district installed (长宁: its roads are the rules'), which they alone switch.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { LightingRule } from '@/server/lighting/schedule';
import { soleDistrict } from '@/server/tenancy/district-sql';
import { hasLightingPlans, insertLightingPlans } from './demo-data.repository';

const NORMAL: LightingRule[] = [
  { scope: { kind: 'all' }, on: { kind: 'sunset', offsetMinutes: 15 }, off: { time: '22:00' } },
  { scope: { kind: 'road', name: '延安西路' }, on: { kind: 'sunset', offsetMinutes: 0 }, off: { time: '23:00' } },
  { scope: { kind: 'road', name: '长宁路' }, on: { kind: 'sunset', offsetMinutes: 0 }, off: { time: '23:00' } },
];
const HOLIDAY: LightingRule[] = [{ scope: { kind: 'all' }, on: { kind: 'sunset', offsetMinutes: 0 }, off: { time: '23:30' } }];
const CIIE: LightingRule[] = [
  { scope: { kind: 'all' }, on: { kind: 'sunset', offsetMinutes: 0 }, off: { time: '23:00' } },
  // The expo's arrival corridor stays lit after midnight.
  { scope: { kind: 'road', name: '虹桥路' }, on: { kind: 'sunset', offsetMinutes: -10 }, off: { time: '00:30' } },
];

export async function seedLightingPlans(db: Kysely<Database>, now: Date): Promise<number> {
  if (await hasLightingPlans(db)) return 0;
  const districtCode = await soleDistrict(db);
  const year = now.getUTCFullYear();
  const plans = [
    { name: '常态夜景亮灯方案', kind: 'normal' as const, starts_on: null, ends_on: null, rules: NORMAL, status: 'approved' as const },
    {
      name: `${year}年国庆节景观亮化保障`,
      kind: 'holiday' as const,
      starts_on: `${year}-10-01`,
      ends_on: `${year}-10-07`,
      rules: HOLIDAY,
      status: 'approved' as const,
    },
    {
      name: `第${year - 2017}届进博会景观亮化保障`,
      kind: 'holiday' as const,
      starts_on: `${year}-11-04`,
      ends_on: `${year}-11-11`,
      rules: CIIE,
      status: 'approved' as const,
    },
    {
      name: `${year + 1}年春节景观亮化保障`,
      kind: 'holiday' as const,
      starts_on: `${year + 1}-02-05`,
      ends_on: `${year + 1}-02-13`,
      rules: HOLIDAY,
      status: 'proposed' as const,
    },
  ];
  await insertLightingPlans(
    db,
    plans.map((p) => ({
      ...p,
      rules: JSON.stringify(p.rules),
      proposed_by: null,
      proposed_by_name: '系统初始化',
      decided_by_name: p.status === 'approved' ? '系统初始化' : null,
      decided_at: p.status === 'approved' ? now : null,
      created_at: now,
      district_code: districtCode,
    })),
  );
  return plans.length;
}
