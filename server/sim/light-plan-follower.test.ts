import { describe, expect, it } from 'vitest';
import type { LightingPlan } from '@/server/lighting/schedule';
import { isStuck, planSwitches, SWITCHES_PER_ROUND } from './light-plan-follower';
import type { SimFacilityRow } from './sim.repository';

const NORMAL: LightingPlan = {
  id: 1,
  name: '常规方案',
  kind: 'normal',
  startsOn: null,
  endsOn: null,
  status: 'approved',
  rules: [{ scope: { kind: 'all' }, on: { kind: 'fixed', time: '18:00' }, off: { time: '23:00' } }],
};

/** Odd ids are never multiples of STUCK_EVERY (40): lights that follow the plan. */
const followingId = (i: number) => i * 2 + 1;
const light = (id: number, status: string): SimFacilityRow => ({
  id,
  kind: 'light',
  name: `灯${id}`,
  status,
  sub_district_code: '310105001',
  address: '长宁路',
  attrs: {},
});
/** A moment in Shanghai wall-clock time. */
const at = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00+08:00`);

describe('simulated lights following the lighting plans', () => {
  it('switches lights on in the evening and off after the plan’s hour, leaving faults and stuck lights alone', () => {
    const lights = [light(1, 'off'), light(2, 'on'), light(3, 'fault'), light(40, 'off')];
    expect(isStuck(lights[3])).toBe(true);
    expect(planSwitches(lights, [NORMAL], at('19:00')).map((s) => [s.light.id, s.status])).toEqual([[1, 'on']]);
    expect(planSwitches(lights, [NORMAL], at('23:30')).map((s) => [s.light.id, s.status])).toEqual([[2, 'off']]);
    expect(planSwitches(lights, [NORMAL], at('12:00')).map((s) => [s.light.id, s.status])).toEqual([[2, 'off']]);
  });

  it('switches a district in waves, and not at all without an approved plan', () => {
    const lights = Array.from({ length: SWITCHES_PER_ROUND * 2 }, (_, i) => light(followingId(i), 'off'));
    expect(planSwitches(lights, [NORMAL], at('19:00'))).toHaveLength(SWITCHES_PER_ROUND);
    // No approved plan at all: nothing to follow, even for lights that are on.
    expect(planSwitches([light(1, 'on')], [{ ...NORMAL, status: 'proposed' }], at('12:00'))).toHaveLength(0);
  });
});
