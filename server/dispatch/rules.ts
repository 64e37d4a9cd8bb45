/**
 * The dispatch rules (智能审核分派规则): what one approved version says and how it is read — category → unit
 * kinds, sub-district → the team that serves it, urgency → priority, and when an order must wait for a person.
 * Versions are stored whole (dispatch_rules); the active one is the latest approved. Pure.
 */
import { z } from 'zod';
import type { UnitKind } from '@/db/schema';
import type { Priority } from '@/server/orders/time-limits';

export const UNIT_KINDS: readonly UnitKind[] = [
  'sweeper',
  'washer',
  'compactor',
  'toilet_service',
  'lighting_repair',
  'patrol_officer',
  'handler',
  'duty_officer',
  'greening_crew',
];
export const unitKindSchema = z.enum(UNIT_KINDS as [UnitKind, ...UnitKind[]]);

export const URGENCIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Urgency = (typeof URGENCIES)[number];

const level = z.number().int().min(1).max(4);

export const dispatchRulesSchema = z
  .object({
    /** Category → unit kinds that handle it, replacing the taxonomy's kinds for that category. */
    categoryUnitKinds: z.record(z.string(), z.array(unitKindSchema)),
    /** Categories that always wait for a person (sensitive, or responsibility unclear). */
    manualCategories: z.array(z.string()),
    /** Sub-district → the sub-district whose team serves it (default: its own team). */
    teamOverrides: z.record(z.string(), z.string()),
    /** Orders within this many metres of another sub-district wait for a person (交界处, seed 003 跨区域). */
    borderMeters: z.number().min(0).max(500),
    /** The urgency a source reports → priority level. */
    urgencyPriority: z.object({ urgent: level, high: level, normal: level, low: level }),
    /** Category → the least urgent level it may have (a fallen tree is always level 1). */
    categoryMaxPriority: z.record(z.string(), level),
    /** An open order of the same category this close, this recent, makes a new one a possible duplicate. */
    duplicateRadiusMeters: z.number().min(0).max(500),
    duplicateWindowHours: z
      .number()
      .min(0)
      .max(24 * 7),
    /** Regular orders are dispatched to the best candidate without a person. */
    autoDispatch: z.boolean(),
    /** Automatic dispatch sends only the responsible sub-district's team; otherwise any team. */
    autoDispatchOwnTeamOnly: z.boolean(),
  })
  .strict();

export type DispatchRules = z.infer<typeof dispatchRulesSchema>;

export interface ActiveRules {
  version: number;
  rules: DispatchRules;
}

/** The unit kinds that handle a category under these rules; [] = nobody (responsibility unclear). */
export function unitKindsFor(rules: DispatchRules, categoryCode: string, taxonomyKinds: readonly UnitKind[]): UnitKind[] {
  return [...(rules.categoryUnitKinds[categoryCode] ?? taxonomyKinds)];
}

/** The sub-district whose team answers for a location's sub-district. */
export function teamFor(rules: DispatchRules, subDistrictCode: string): string {
  return rules.teamOverrides[subDistrictCode] ?? subDistrictCode;
}

export interface PriorityDecision {
  priority: Priority;
  by: 'given' | 'urgency' | 'category_default';
  cappedByCategory: boolean;
}

/**
 * A reported urgency decides the level, else the category's default; a category's cap can only make it more
 * urgent (a lower number). A level a person gave is kept as given.
 */
export function priorityFor(
  rules: DispatchRules,
  input: { given?: Priority; urgency?: Urgency; categoryCode?: string | null; categoryDefault?: number },
): PriorityDecision {
  if (input.given) return { priority: input.given, by: 'given', cappedByCategory: false };
  const base = input.urgency ? rules.urgencyPriority[input.urgency] : (input.categoryDefault ?? rules.urgencyPriority.normal);
  const cap = input.categoryCode ? rules.categoryMaxPriority[input.categoryCode] : undefined;
  const priority = (cap !== undefined ? Math.min(base, cap) : base) as Priority;
  return { priority, by: input.urgency ? 'urgency' : 'category_default', cappedByCategory: cap !== undefined && cap < base };
}
