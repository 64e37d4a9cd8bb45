/**
 * Landscape-lighting plans and what they say a light should be doing at a moment (Asia/Shanghai). Pure: the
 * lighting page, the mismatch list and (later) the alarm pipeline's "on/off against plan" alarms all ask
 * `plannedStateAt` and `againstPlan`, never the database.
 *
 * A plan is a named set of rules (one per scope: all lights, a sub-district, a road, a circuit). The normal plan
 * applies every night; an approved holiday plan (国庆, 春节, 进博会…) replaces it on the evenings of its date
 * range, and where a holiday plan has no rule for a light the normal plan's rule still applies. A night belongs
 * to the evening it starts on, so a 00:30 switch-off of a holiday evening is still that holiday's. A plan is one
 * district's and switches that district's lights only (districts as tenants): a light is judged by its own
 * district's plans, even where one list holds every district's (the city-wide screen, the simulator).
 */
import { z } from 'zod';
import { addDays } from '@/domain/periods';
import { SHANGHAI_OFFSET_MS, shanghaiDay } from '@/domain/shanghai-time';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式 HH:MM / time as HH:MM');

export const lightingScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('sub_district'), code: z.string().trim().min(1).max(32) }),
  z.object({ kind: z.literal('road'), name: z.string().trim().min(1).max(100) }),
  z.object({ kind: z.literal('circuit'), code: z.string().trim().min(1).max(32) }),
]);

export const lightingRuleSchema = z.object({
  scope: lightingScopeSchema,
  on: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('sunset'), offsetMinutes: z.number().int().min(-120).max(120) }),
    z.object({ kind: z.literal('fixed'), time: hhmm }),
  ]),
  /** Earlier than (or equal to) the switch-on time means the next morning. */
  off: z.object({ time: hhmm }),
});

export type LightingScope = z.infer<typeof lightingScopeSchema>;
export type LightingRule = z.infer<typeof lightingRuleSchema>;

export interface LightingPlan {
  id: number;
  name: string;
  kind: 'normal' | 'holiday';
  /** 'YYYY-MM-DD', holiday plans only, both ends included. */
  startsOn: string | null;
  endsOn: string | null;
  status: 'proposed' | 'approved' | 'rejected';
  rules: readonly LightingRule[];
  /** The district whose lights it switches (absent, like null: no district, as in a test's one-place world). */
  districtCode?: string | null;
}

/** What the plans need to know about a light. */
export interface PlannedLight {
  subDistrictCode: string;
  /** The road (or landmark address) it stands on. */
  road: string | null;
  circuit: string | null;
  /** The district it stands in (through its sub-district); absent, like null: none. */
  districtCode?: string | null;
}

/** A light as the plans see it, from its facility row (its road is the address it stands on). */
export function plannedLight(facility: {
  sub_district_code: string;
  address: string | null;
  attrs: Record<string, unknown>;
  district_code?: string | null;
}): PlannedLight {
  return {
    districtCode: facility.district_code ?? null,
    subDistrictCode: facility.sub_district_code,
    road: facility.address,
    circuit: typeof facility.attrs.circuit === 'string' ? facility.attrs.circuit : null,
  };
}

export interface PlannedState {
  state: 'on' | 'off';
  /** The plan and rule that decided, null when no approved plan covers the light (then: off). */
  planId: number | null;
  planName: string | null;
  /** When tonight's (or last night's) window opens and closes. */
  window: { on: Date; off: Date } | null;
}

const DAY_MS = 86_400_000;
/** Changning's centre, for sunset. */
export const CHANGNING = { lat: 31.22, lng: 121.41 } as const;

/** The instant of Shanghai wall-clock `minutes` after midnight of `day`. */
function shanghaiInstant(day: string, minutes: number): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS + Math.round(minutes * 60_000));
}

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/**
 * Sunset in Shanghai wall-clock minutes after midnight (NOAA's approximation, within a minute or two — enough
 * to switch lights by), for the official sunset (sun 0.833° below the horizon).
 */
export function sunsetMinutes(day: string, place: { lat: number; lng: number } = CHANGNING): number {
  const date = new Date(`${day}T12:00:00Z`);
  const startOfYear = Date.UTC(date.getUTCFullYear(), 0, 1);
  const dayOfYear = Math.floor((date.getTime() - startOfYear) / DAY_MS) + 1;
  const g = ((2 * Math.PI) / 365) * (dayOfYear - 1);
  const eqTime =
    229.18 * (0.000075 + 0.001868 * Math.cos(g) - 0.032077 * Math.sin(g) - 0.014615 * Math.cos(2 * g) - 0.040849 * Math.sin(2 * g));
  const decl =
    0.006918 -
    0.399912 * Math.cos(g) +
    0.070257 * Math.sin(g) -
    0.006758 * Math.cos(2 * g) +
    0.000907 * Math.sin(2 * g) -
    0.002697 * Math.cos(3 * g) +
    0.00148 * Math.sin(3 * g);
  const lat = (place.lat * Math.PI) / 180;
  const cosHa = Math.cos((90.833 * Math.PI) / 180) / (Math.cos(lat) * Math.cos(decl)) - Math.tan(lat) * Math.tan(decl);
  const haDeg = (Math.acos(Math.max(-1, Math.min(1, cosHa))) * 180) / Math.PI;
  const utcMinutes = 720 - 4 * (place.lng - haDeg) - eqTime;
  return utcMinutes + SHANGHAI_OFFSET_MS / 60_000;
}

function specificity(scope: LightingScope): number {
  return { circuit: 4, road: 3, sub_district: 2, all: 1 }[scope.kind];
}

function matches(scope: LightingScope, light: PlannedLight): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'sub_district':
      return scope.code === light.subDistrictCode;
    case 'road':
      return scope.name === light.road;
    case 'circuit':
      return scope.code === light.circuit;
  }
}

/** The most specific of a plan's rules for a light. */
export function ruleFor(plan: LightingPlan, light: PlannedLight): LightingRule | undefined {
  let best: LightingRule | undefined;
  for (const rule of plan.rules) {
    if (matches(rule.scope, light) && (!best || specificity(rule.scope) > specificity(best.scope))) best = rule;
  }
  return best;
}

/** Approved plans in force on the evening of `day`, strongest first: holidays (the latest approved first), then normal. */
export function plansForEvening(plans: readonly LightingPlan[], day: string): LightingPlan[] {
  const approved = plans.filter((p) => p.status === 'approved');
  const holidays = approved.filter(
    (p) => p.kind === 'holiday' && p.startsOn !== null && p.endsOn !== null && p.startsOn <= day && day <= p.endsOn,
  );
  const normal = approved.filter((p) => p.kind === 'normal');
  return [...holidays.sort((a, b) => b.id - a.id), ...normal.sort((a, b) => b.id - a.id)];
}

/** The window a rule opens on the evening of `day`. */
export function windowOf(rule: LightingRule, day: string): { on: Date; off: Date } {
  const onMinutes = rule.on.kind === 'sunset' ? sunsetMinutes(day) + rule.on.offsetMinutes : minutesOf(rule.on.time);
  let offMinutes = minutesOf(rule.off.time);
  if (offMinutes <= onMinutes) offMinutes += 24 * 60;
  return { on: shanghaiInstant(day, onMinutes), off: shanghaiInstant(day, offMinutes) };
}

/** Whether a plan is one of the light's district's: the only plans that switch it. */
export function plansTheLight(plan: LightingPlan, light: PlannedLight): boolean {
  return (plan.districtCode ?? null) === (light.districtCode ?? null);
}

/** Whether a light should be on at `at`, and which of its district's plans says so. */
export function plannedStateAt(allPlans: readonly LightingPlan[], light: PlannedLight, at: Date): PlannedState {
  const plans = allPlans.filter((p) => plansTheLight(p, light));
  const today = shanghaiDay(at);
  let decided: PlannedState | null = null;
  // Last night's window may still be open after midnight; tonight's may have opened.
  for (const day of [addDays(today, -1), today]) {
    for (const plan of plansForEvening(plans, day)) {
      const rule = ruleFor(plan, light);
      if (!rule) continue;
      const window = windowOf(rule, day);
      const on = at >= window.on && at < window.off;
      if (on || day === today || !decided) decided = { state: on ? 'on' : 'off', planId: plan.id, planName: plan.name, window };
      break;
    }
    if (decided?.state === 'on') return decided;
  }
  return decided ?? { state: 'off', planId: null, planName: null, window: null };
}

export type Mismatch = 'should_be_on' | 'should_be_off' | 'fault_while_planned_on';

/** How a light's actual status (on/off/fault) departs from the plan, or null when it follows it. */
export function againstPlan(planned: PlannedState['state'], actual: string): Mismatch | null {
  if (actual === 'fault') return planned === 'on' ? 'fault_while_planned_on' : null;
  if (planned === 'on' && actual !== 'on') return 'should_be_on';
  if (planned === 'off' && actual === 'on') return 'should_be_off';
  return null;
}
