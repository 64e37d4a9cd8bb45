/**
 * How each kind of unit moves in the simulation: vehicles drive the road network, staff walk between addressed
 * places. Speeds are working speeds, not top speeds (a sweeper sweeps at walking pace plus a little).
 */
import type { UnitKind } from '@/db/schema';

export interface MotionProfile {
  mode: 'road' | 'walk';
  minKmh: number;
  maxKmh: number;
  /** Chance per simulated second of stopping (traffic lights, a task at the kerb). */
  stopChancePerSecond: number;
  stopSeconds: readonly [number, number];
  /** Pause on arriving at a place (walkers). */
  dwellSeconds: readonly [number, number];
  /** Length of a collection round; finishing one is a feed event. Null: this kind has no rounds. */
  routeKm: readonly [number, number] | null;
}

const vehicle = (minKmh: number, maxKmh: number, routeKm: readonly [number, number] | null = null): MotionProfile => ({
  mode: 'road',
  minKmh,
  maxKmh,
  stopChancePerSecond: 1 / 120,
  stopSeconds: [10, 45],
  dwellSeconds: [60, 180],
  routeKm,
});

const walker: MotionProfile = {
  mode: 'walk',
  minKmh: 4,
  maxKmh: 5,
  stopChancePerSecond: 1 / 300,
  stopSeconds: [5, 30],
  dwellSeconds: [30, 240],
  routeKm: null,
};

export const MOTION_PROFILES: Record<UnitKind, MotionProfile> = {
  sweeper: vehicle(5, 10),
  washer: vehicle(8, 15),
  compactor: vehicle(20, 40, [8, 15]),
  toilet_service: vehicle(20, 35),
  lighting_repair: vehicle(20, 35),
  greening_crew: vehicle(15, 30),
  patrol_officer: walker,
  handler: walker,
  duty_officer: walker,
};
