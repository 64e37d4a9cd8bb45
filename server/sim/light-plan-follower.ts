/**
 * The simulated street lights follow the approved lighting plans (server/lighting/schedule.ts), as the real
 * circuits' timers do, so the wall and /lighting show lights on at night and off by day. Each round switches the
 * lights whose state differs from the plan, at most SWITCHES_PER_ROUND of them (a district lights up in a wave,
 * not in one instant, and the wall gets a few hundred updates a minute, not two thousand at once). One light in
 * STUCK_EVERY (by id) ignores the plan, stuck on or off as real ones sometimes are, so the mismatch lists
 * (应亮未亮, 应灭未灭) have something true to show. A faulty light stays faulty until it is repaired. Each district's
 * lights follow that district's plans only (schedule.ts), and a district with no approved plan is left as it is.
 */
import { type LightingPlan, plannedLight, plannedStateAt } from '@/server/lighting/schedule';
import type { SimFacilityRow } from './sim.repository';

export const SWITCHES_PER_ROUND = 250;
export const STUCK_EVERY = 40;

export interface LightSwitch {
  light: SimFacilityRow;
  status: 'on' | 'off';
}

export function isStuck(light: SimFacilityRow): boolean {
  return light.id % STUCK_EVERY === 0;
}

/** The switches the plans ask for at `at`, up to SWITCHES_PER_ROUND, in the lights' order. */
export function planSwitches(lights: readonly SimFacilityRow[], plans: readonly LightingPlan[], at: Date): LightSwitch[] {
  const switches: LightSwitch[] = [];
  // A district without an approved plan (a database without the demo's plans, a district yet to write its own):
  // nothing to follow there, its lights stay as they are.
  const followed = new Set(plans.filter((p) => p.status === 'approved').map((p) => p.districtCode ?? null));
  for (const light of lights) {
    if (switches.length >= SWITCHES_PER_ROUND) break;
    if (light.kind !== 'light' || isStuck(light) || (light.status !== 'on' && light.status !== 'off')) continue;
    const planned = plannedLight(light);
    if (!followed.has(planned.districtCode ?? null)) continue;
    const state = plannedStateAt(plans, planned, at).state;
    if (state !== light.status) switches.push({ light, status: state });
  }
  return switches;
}
