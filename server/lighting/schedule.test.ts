import { describe, expect, it } from 'vitest';
import { againstPlan, type LightingPlan, type PlannedLight, plannedStateAt, sunsetMinutes } from './schedule';

const normal: LightingPlan = {
  id: 1,
  name: '常态夜景',
  kind: 'normal',
  startsOn: null,
  endsOn: null,
  status: 'approved',
  rules: [
    { scope: { kind: 'all' }, on: { kind: 'sunset', offsetMinutes: 15 }, off: { time: '22:00' } },
    { scope: { kind: 'road', name: '延安西路' }, on: { kind: 'fixed', time: '18:00' }, off: { time: '23:00' } },
  ],
};
const guoqing: LightingPlan = {
  id: 2,
  name: '国庆亮化',
  kind: 'holiday',
  startsOn: '2026-10-01',
  endsOn: '2026-10-07',
  status: 'approved',
  rules: [{ scope: { kind: 'sub_district', code: '310105001' }, on: { kind: 'sunset', offsetMinutes: 0 }, off: { time: '00:30' } }],
};
const light: PlannedLight = { subDistrictCode: '310105001', road: '仙霞路', circuit: 'CN001-01' };
const onYanan: PlannedLight = { subDistrictCode: '310105002', road: '延安西路', circuit: 'CN002-01' };
const other: PlannedLight = { subDistrictCode: '310105009', road: '仙霞路', circuit: 'CN009-01' };
/** Shanghai wall-clock time as an instant. */
const sh = (local: string) => new Date(`${local}+08:00`);

describe('sunsetMinutes', () => {
  it('puts Shanghai sunsets where the almanac has them (Nov ≈ 16:53, Jun ≈ 19:01)', () => {
    expect(Math.abs(sunsetMinutes('2026-11-22') - (16 * 60 + 53))).toBeLessThan(4);
    expect(Math.abs(sunsetMinutes('2026-06-21') - (19 * 60 + 1))).toBeLessThan(4);
  });
});

describe('plannedStateAt', () => {
  it('follows the normal plan: off in the afternoon, on after sunset + 15 min, off at 22:00', () => {
    expect(plannedStateAt([normal], light, sh('2026-11-22T15:00:00')).state).toBe('off');
    expect(plannedStateAt([normal], light, sh('2026-11-22T17:00:00')).state).toBe('off'); // sunset 16:53 + 15
    expect(plannedStateAt([normal], light, sh('2026-11-22T17:15:00')).state).toBe('on');
    expect(plannedStateAt([normal], light, sh('2026-11-22T21:59:00')).state).toBe('on');
    expect(plannedStateAt([normal], light, sh('2026-11-22T22:00:00')).state).toBe('off');
  });

  it('lets a road rule beat the district-wide rule', () => {
    expect(plannedStateAt([normal], onYanan, sh('2026-11-22T17:30:00')).state).toBe('off');
    expect(plannedStateAt([normal], onYanan, sh('2026-11-22T22:30:00')).state).toBe('on');
  });

  it('applies an approved holiday plan on its evenings, past midnight, and only in its scope', () => {
    const plans = [normal, guoqing];
    const late = sh('2026-10-03T23:30:00');
    expect(plannedStateAt(plans, light, late)).toMatchObject({ state: 'on', planName: '国庆亮化' });
    expect(plannedStateAt(plans, other, late)).toMatchObject({ state: 'off', planName: '常态夜景' });
    // 00:15 on the 8th still belongs to the evening of the 7th, the last holiday evening.
    expect(plannedStateAt(plans, light, sh('2026-10-08T00:15:00')).state).toBe('on');
    expect(plannedStateAt(plans, light, sh('2026-10-08T00:45:00')).state).toBe('off');
    // The evening of the 8th is normal again.
    expect(plannedStateAt(plans, light, sh('2026-10-08T23:30:00')).planName).toBe('常态夜景');
  });

  it('ignores plans that are not approved', () => {
    const proposed = { ...guoqing, status: 'proposed' as const };
    expect(plannedStateAt([normal, proposed], light, sh('2026-10-03T23:30:00')).state).toBe('off');
    expect(plannedStateAt([], light, sh('2026-10-03T20:00:00'))).toMatchObject({ state: 'off', planId: null });
  });
});

describe('againstPlan', () => {
  it('names what is wrong, and nothing when the light follows the plan', () => {
    expect(againstPlan('on', 'off')).toBe('should_be_on');
    expect(againstPlan('off', 'on')).toBe('should_be_off');
    expect(againstPlan('on', 'fault')).toBe('fault_while_planned_on');
    expect(againstPlan('off', 'fault')).toBeNull();
    expect(againstPlan('on', 'on')).toBeNull();
    expect(againstPlan('off', 'off')).toBeNull();
  });
});
