import { describe, expect, it } from 'vitest';
import { reviewReasons } from './review-reasons';
import { type DispatchRules, dispatchRulesSchema, priorityFor, teamFor, unitKindsFor } from './rules';
import { LOAD_PENALTY_MINUTES, rankCandidates, ROAD_DISTANCE_FACTOR, travelTerms } from './travel';

const rules: DispatchRules = dispatchRulesSchema.parse({
  categoryUnitKinds: { 'sanitation.bin_overflow': ['compactor'] },
  manualCategories: ['other.unclear'],
  teamOverrides: { '310105013': '310105011' },
  borderMeters: 50,
  urgencyPriority: { urgent: 1, high: 2, normal: 3, low: 4 },
  categoryMaxPriority: { 'greening.fallen_tree': 1 },
  duplicateRadiusMeters: 30,
  duplicateWindowHours: 24,
  autoDispatch: true,
  autoDispatchOwnTeamOnly: true,
});

describe('dispatch rules', () => {
  it('maps category → unit kinds, the rules overriding the taxonomy', () => {
    expect(unitKindsFor(rules, 'sanitation.bin_overflow', ['compactor', 'handler'])).toEqual(['compactor']);
    expect(unitKindsFor(rules, 'lighting.not_lit', ['lighting_repair'])).toEqual(['lighting_repair']);
  });

  it('maps a sub-district to the team that serves it', () => {
    expect(teamFor(rules, '310105013')).toBe('310105011');
    expect(teamFor(rules, '310105001')).toBe('310105001');
  });

  it('decides priority: a given level stands; urgency maps; a category cap only makes it more urgent', () => {
    expect(priorityFor(rules, { given: 4, urgency: 'urgent' })).toEqual({ priority: 4, by: 'given', cappedByCategory: false });
    expect(priorityFor(rules, { urgency: 'high', categoryCode: 'sanitation.bin_overflow', categoryDefault: 3 })).toMatchObject({
      priority: 2,
      by: 'urgency',
    });
    expect(priorityFor(rules, { urgency: 'low', categoryCode: 'greening.fallen_tree', categoryDefault: 1 })).toEqual({
      priority: 1,
      by: 'urgency',
      cappedByCategory: true,
    });
    expect(priorityFor(rules, { categoryCode: 'lighting.not_lit', categoryDefault: 3 })).toMatchObject({
      priority: 3,
      by: 'category_default',
    });
  });

  it('refuses rules with unknown fields or out-of-range values', () => {
    expect(dispatchRulesSchema.safeParse({ ...rules, borderMeters: -1 }).success).toBe(false);
    expect(dispatchRulesSchema.safeParse({ ...rules, surprise: true }).success).toBe(false);
    expect(dispatchRulesSchema.safeParse({ ...rules, categoryUnitKinds: { x: ['tank'] } }).success).toBe(false);
  });
});

describe('automatic check', () => {
  const regular = {
    categoryCode: 'lighting.not_lit',
    unitKinds: ['lighting_repair'] as const,
    hasLocation: true,
    subDistrictCode: '310105001',
    neighbours: [],
    duplicates: [],
  };

  it('passes a regular order', () => {
    expect(reviewReasons(regular, rules)).toEqual([]);
  });

  it('holds special orders with the reason', () => {
    expect(reviewReasons({ ...regular, categoryCode: null, unitKinds: [] }, rules)).toEqual([{ code: 'missing_category' }]);
    expect(reviewReasons({ ...regular, hasLocation: false, subDistrictCode: null }, rules)).toEqual([{ code: 'no_location' }]);
    expect(reviewReasons({ ...regular, subDistrictCode: null }, rules)).toEqual([{ code: 'outside_district' }]);
    expect(reviewReasons({ ...regular, neighbours: [{ code: '310105002', name: '江苏路街道', distanceM: 31.6 }] }, rules)).toEqual([
      { code: 'near_border', neighbour: '江苏路街道', neighbourCode: '310105002', meters: 32 },
    ]);
    expect(reviewReasons({ ...regular, categoryCode: 'other.unclear', unitKinds: [] }, rules)).toEqual([
      { code: 'manual_category', category: 'other.unclear' },
    ]);
    expect(reviewReasons({ ...regular, categoryCode: 'kiosk.software', unitKinds: [] }, rules)).toEqual([
      { code: 'unclear_responsibility', category: 'kiosk.software' },
    ]);
    expect(reviewReasons({ ...regular, duplicates: [{ code: 'LR20261122-000001', distanceM: 12.2 }] }, rules)).toEqual([
      { code: 'possible_duplicate', order: 'LR20261122-000001', meters: 12 },
    ]);
  });
});

describe('travel model and ranking', () => {
  it('estimates arrival from straight-line metres × the road factor at the kind’s typical speed', () => {
    // 1,000 m straight → 1,300 m by road; an e-bike at 15 km/h = 250 m/min → 5.2 min.
    expect(travelTerms({ kind: 'handler', distanceM: 1000, load: 0 })).toEqual({
      roadDistanceM: 1000 * ROAD_DISTANCE_FACTOR,
      etaMinutes: 5.2,
      effectiveMinutes: 5.2,
    });
    expect(travelTerms({ kind: 'handler', distanceM: 1000, load: 2 }).effectiveMinutes).toBeCloseTo(5.2 + 2 * LOAD_PENALTY_MINUTES);
  });

  it('ranks by effective minutes: a busy near unit can lose to a free one further away', () => {
    const ranked = rankCandidates([
      { unitId: 1, kind: 'handler' as const, distanceM: 300, load: 1 }, // 1.56 + 20 min
      { unitId: 2, kind: 'handler' as const, distanceM: 2000, load: 0 }, // 10.4 min
      { unitId: 3, kind: 'duty_officer' as const, distanceM: 2000, load: 0 }, // faster car: 6.24 min
    ]);
    expect(ranked.map((c) => c.unitId)).toEqual([3, 2, 1]);
  });
});
