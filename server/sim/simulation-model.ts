/**
 * The pure part of the simulator: a world (road lines and addressed places) and a mover per unit, seeded so the
 * same seed replays the same movements. No clock, no database: the runner (simulator.ts) decides when each unit
 * advances and by how many seconds.
 */
import type { UnitKind } from '@/db/schema';
import type { LngLat } from '@/db/st';
import { createRandom, type Random } from '@/geo/random';
import { MOTION_PROFILES, type MotionProfile } from './motion-profiles';
import { type Mover, PlaceMover, RoadMover } from './movers';
import { PlaceIndex, type SimPlace } from './place-index';
import { RoadGraph } from './road-graph';

export interface SimWorld {
  roads: readonly (readonly LngLat[])[];
  places: readonly SimPlace[];
}

export interface SimUnitSpec {
  id: number;
  kind: UnitKind;
  subDistrictCode: string;
  /** Where the unit was last seen or its depot; null: somewhere in its sub-district. */
  start: LngLat | null;
}

export interface SimSample {
  lng: number;
  lat: number;
  speedMps: number;
  headingDeg: number;
  /** Set when the unit finished a collection round during this step. */
  finishedRoundKm: number | null;
}

export class SimulationModel {
  private readonly movers: (Mover | null)[];

  constructor(
    world: SimWorld,
    readonly units: readonly SimUnitSpec[],
    seed: number,
  ) {
    const graph = RoadGraph.fromLines(world.roads);
    const places = new PlaceIndex(world.places);
    const root = createRandom(seed);
    // One stream per unit: a unit's path does not change when others are added or removed.
    this.movers = units.map((unit) => createMover(unit, graph, places, root.fork(`unit:${unit.id}`)));
  }

  /**
   * Lets each unit run for a different while (up to `maxSeconds`) before the first report, so units that start at
   * the same depot or junction are spread along their ways instead of moving off as one clump.
   */
  warmUp(maxSeconds: number, seed: number): void {
    const rng = createRandom(seed).fork('warm-up');
    this.movers.forEach((mover) => {
      for (let left = rng.range(0, maxSeconds); mover && left > 0; left -= 5) mover.advance(Math.min(5, left));
    });
  }

  /** False when the world had neither roads nor places for this unit. */
  canMove(index: number): boolean {
    return this.movers[index] !== null;
  }

  advance(index: number, seconds: number): SimSample | null {
    const mover = this.movers[index];
    if (!mover) return null;
    const finishedRoundKm = mover.advance(seconds);
    const { lngLat, speedMps, headingDeg } = mover.state;
    return { lng: lngLat[0], lat: lngLat[1], speedMps, headingDeg, finishedRoundKm };
  }
}

function createMover(unit: SimUnitSpec, graph: RoadGraph, places: PlaceIndex, rng: Random): Mover | null {
  const profile: MotionProfile = MOTION_PROFILES[unit.kind];
  const onRoad = () => new RoadMover(graph, rng, profile, unit.start ? graph.nearestNode(unit.start) : rng.int(0, graph.size - 1));
  const onFoot = () => {
    const start = unit.start ? places.nearest(unit.start) : rng.pick(places.inSubDistrict(unit.subDistrictCode));
    return new PlaceMover(places, rng, profile, start);
  };
  // Each mode falls back to the other when its world is missing (e.g. a database without addresses yet).
  if (profile.mode === 'road') return graph.size > 0 ? onRoad() : places.size > 0 ? onFoot() : null;
  return places.size > 0 ? onFoot() : graph.size > 0 ? onRoad() : null;
}
