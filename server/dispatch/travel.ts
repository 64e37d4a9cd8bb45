/**
 * How long a unit needs to reach a point, and how candidates are ranked. Pure.
 *
 * Road distance ≈ straight-line distance × ROAD_DISTANCE_FACTOR. Changning's streets form a fairly regular grid;
 * on a rectangular grid a trip at a random bearing is on average 4/π ≈ 1.27 times the straight line (|cos θ| +
 * |sin θ| averaged over θ), and 1.3 rounds that up for one-way streets, the elevated Yan'an Road and the rail
 * lines that must be crossed at set points. Calibrate it from the position history when routes are recorded.
 *
 * Speeds are typical door-to-door speeds in the district's daytime traffic, not top speeds: road sweepers crawl,
 * vans and trucks average about 20 km/h, staff on e-bikes about 15 km/h.
 *
 * Ranking: effective minutes = ETA + LOAD_PENALTY_MINUTES per order the unit is already working on — a busy
 * unit first finishes (or interrupts) what it is doing. The dispatcher sees every term.
 */
import type { UnitKind } from '@/db/schema';

export const ROAD_DISTANCE_FACTOR = 1.3;

export const TYPICAL_SPEED_KMH: Readonly<Record<UnitKind, number>> = {
  sweeper: 12,
  washer: 20,
  compactor: 20,
  toilet_service: 20,
  lighting_repair: 20,
  greening_crew: 20,
  patrol_officer: 15,
  handler: 15,
  duty_officer: 25,
};

/** Minutes added per open order a unit already works on. */
export const LOAD_PENALTY_MINUTES = 20;

export interface CandidateFacts {
  unitId: number;
  kind: UnitKind;
  /** Straight-line metres on the spheroid (PostGIS geography). */
  distanceM: number;
  /** Open orders the unit works on now. */
  load: number;
}

export interface RankedTerms {
  roadDistanceM: number;
  etaMinutes: number;
  effectiveMinutes: number;
}

export function travelTerms(facts: Pick<CandidateFacts, 'kind' | 'distanceM' | 'load'>): RankedTerms {
  const roadDistanceM = facts.distanceM * ROAD_DISTANCE_FACTOR;
  const etaMinutes = roadDistanceM / ((TYPICAL_SPEED_KMH[facts.kind] * 1000) / 60);
  return { roadDistanceM, etaMinutes, effectiveMinutes: etaMinutes + facts.load * LOAD_PENALTY_MINUTES };
}

/** Best first: fewest effective minutes; ties go to the nearer unit, then the lower id (stable). */
export function rankCandidates<T extends CandidateFacts>(candidates: readonly T[]): Array<T & RankedTerms> {
  return candidates
    .map((c) => ({ ...c, ...travelTerms(c) }))
    .sort((a, b) => a.effectiveMinutes - b.effectiveMinutes || a.distanceM - b.distanceM || a.unitId - b.unitId);
}
