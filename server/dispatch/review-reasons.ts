/**
 * The automatic check (智能审核): the reasons an order must wait for a person instead of being dispatched by
 * rule — no category, no location, outside the district, on a sub-district border, a category the rules send
 * to people, nobody responsible, a possible duplicate. Pure: the facts are gathered by the caller.
 */
import type { UnitKind } from '@/db/schema';
import type { ReviewReason } from '@/server/orders/views';
import type { DispatchRules } from './rules';

export interface ReviewFacts {
  categoryCode: string | null;
  /** Unit kinds that handle the category under the rules ([] = none). */
  unitKinds: readonly UnitKind[];
  hasLocation: boolean;
  subDistrictCode: string | null;
  /** Other sub-districts within the rules' border distance, nearest first. */
  neighbours: ReadonlyArray<{ code: string; name: string; distanceM: number }>;
  /** Open orders of the same category nearby, nearest first. */
  duplicates: ReadonlyArray<{ code: string; distanceM: number }>;
}

export function reviewReasons(facts: ReviewFacts, rules: DispatchRules): ReviewReason[] {
  const reasons: ReviewReason[] = [];
  if (!facts.categoryCode) reasons.push({ code: 'missing_category' });
  if (!facts.hasLocation) reasons.push({ code: 'no_location' });
  else if (!facts.subDistrictCode) reasons.push({ code: 'outside_district' });
  const neighbour = facts.neighbours[0];
  if (neighbour)
    reasons.push({
      code: 'near_border',
      neighbour: neighbour.name,
      neighbourCode: neighbour.code,
      meters: Math.round(neighbour.distanceM),
    });
  if (facts.categoryCode && rules.manualCategories.includes(facts.categoryCode))
    reasons.push({ code: 'manual_category', category: facts.categoryCode });
  else if (facts.categoryCode && facts.unitKinds.length === 0)
    reasons.push({ code: 'unclear_responsibility', category: facts.categoryCode });
  const duplicate = facts.duplicates[0];
  if (duplicate) reasons.push({ code: 'possible_duplicate', order: duplicate.code, meters: Math.round(duplicate.distanceM) });
  return reasons;
}
