/**
 * One simulated unit's motion. A RoadMover drives the road graph (at a junction it takes another road, turning
 * back only at dead ends), with speed drifting within its kind's working range and occasional stops. A PlaceMover
 * goes in straight legs between nearby addressed places and dwells at each (staff on foot). Both advance by a
 * given number of seconds and never exceed their profile's top speed.
 */
import type { LngLat } from '@/db/st';
import { bearingDeg, interpolate, kmhToMps, metresBetween } from './local-geometry';
import type { MotionProfile } from './motion-profiles';
import type { PlaceIndex } from './place-index';
import type { Random } from '@/geo/random';
import type { RoadGraph } from './road-graph';

export interface MoverState {
  lngLat: [number, number];
  speedMps: number;
  headingDeg: number;
}

export interface Mover {
  readonly state: MoverState;
  /** Advances `seconds`; returns the kilometres of a collection round finished during this step, or null. */
  advance(seconds: number): number | null;
}

/** Vehicles change speed gently: at most this much per second. */
const ACCELERATION_MPS2 = 1;

abstract class BaseMover implements Mover {
  readonly state: MoverState;
  protected pauseSeconds = 0;
  private targetSpeed: number;
  private retargetIn: number;
  private roundMetres = 0;
  private roundTarget: number;

  constructor(
    protected readonly rng: Random,
    protected readonly profile: MotionProfile,
    start: LngLat,
  ) {
    this.targetSpeed = this.pickSpeed();
    this.retargetIn = rng.range(20, 60);
    this.roundTarget = this.pickRound();
    this.state = { lngLat: [start[0], start[1]], speedMps: this.targetSpeed, headingDeg: rng.range(0, 360) };
  }

  advance(seconds: number): number | null {
    if (this.pauseSeconds > 0) {
      this.pauseSeconds -= seconds;
      this.state.speedMps = 0;
      return null;
    }
    if (this.rng.chance(this.profile.stopChancePerSecond * seconds)) {
      this.pause(this.profile.stopSeconds);
      this.state.speedMps = 0;
      return null;
    }
    this.retargetIn -= seconds;
    if (this.retargetIn <= 0) {
      this.targetSpeed = this.pickSpeed();
      this.retargetIn = this.rng.range(20, 60);
    }
    const change = Math.max(-ACCELERATION_MPS2 * seconds, Math.min(ACCELERATION_MPS2 * seconds, this.targetSpeed - this.state.speedMps));
    const speed = Math.min(kmhToMps(this.profile.maxKmh), Math.max(0, this.state.speedMps + change));
    this.state.speedMps = speed;
    const moved = this.move(speed * seconds);
    return this.countRound(moved);
  }

  /** Moves up to `metres` along the way; returns the metres actually moved. */
  protected abstract move(metres: number): number;

  /** Stops from the next step on (this step's speed stays what it moved at). */
  protected pause([min, max]: readonly [number, number]): void {
    this.pauseSeconds = this.rng.range(min, max);
  }

  private pickSpeed(): number {
    return kmhToMps(this.rng.range(this.profile.minKmh, this.profile.maxKmh));
  }

  private pickRound(): number {
    const range = this.profile.routeKm;
    return range ? this.rng.range(range[0], range[1]) * 1000 : Infinity;
  }

  private countRound(moved: number): number | null {
    this.roundMetres += moved;
    if (this.roundMetres < this.roundTarget) return null;
    const km = Math.round(this.roundMetres / 100) / 10;
    this.roundMetres = 0;
    this.roundTarget = this.pickRound();
    // Unloading at the end of a round.
    this.pause(this.profile.dwellSeconds);
    return km;
  }
}

export class RoadMover extends BaseMover {
  private from: number;
  private to: number;
  private edgeMetres: number;
  private along = 0;

  constructor(
    private readonly graph: RoadGraph,
    rng: Random,
    profile: MotionProfile,
    startNode: number,
  ) {
    super(rng, profile, graph.nodes[startNode]);
    this.from = startNode;
    const first = rng.pick(graph.edges[startNode]);
    this.to = first.to;
    this.edgeMetres = first.metres;
    this.place();
  }

  protected move(metres: number): number {
    let left = metres;
    while (left > 0) {
      const remaining = this.edgeMetres - this.along;
      if (left < remaining) {
        this.along += left;
        left = 0;
      } else {
        left -= remaining;
        this.turnAtJunction();
      }
    }
    this.place();
    return metres;
  }

  private turnAtJunction(): void {
    const options = this.graph.edges[this.to];
    const onward = options.filter((e) => e.to !== this.from);
    const next = this.rng.pick(onward.length > 0 ? onward : options);
    this.from = this.to;
    this.to = next.to;
    this.edgeMetres = next.metres;
    this.along = 0;
  }

  private place(): void {
    const a = this.graph.nodes[this.from];
    const b = this.graph.nodes[this.to];
    this.state.lngLat = interpolate(a, b, this.edgeMetres > 0 ? this.along / this.edgeMetres : 0);
    this.state.headingDeg = bearingDeg(a, b);
  }
}

export class PlaceMover extends BaseMover {
  private at: number;
  private target: number;

  constructor(
    private readonly places: PlaceIndex,
    rng: Random,
    profile: MotionProfile,
    startPlace: number,
  ) {
    super(rng, profile, places.lngLat(startPlace));
    this.at = startPlace;
    this.target = this.nextPlace();
  }

  protected move(metres: number): number {
    const goal = this.places.lngLat(this.target);
    const remaining = metresBetween(this.state.lngLat, goal);
    if (remaining > 0) this.state.headingDeg = bearingDeg(this.state.lngLat, goal);
    if (metres < remaining) {
      this.state.lngLat = interpolate(this.state.lngLat, goal, metres / remaining);
      return metres;
    }
    this.state.lngLat = [goal[0], goal[1]];
    this.at = this.target;
    this.target = this.nextPlace();
    this.pause(this.profile.dwellSeconds);
    return remaining;
  }

  private nextPlace(): number {
    const near = this.places.near(this.at, 600);
    return near.length > 0 ? this.rng.pick(near) : this.at;
  }
}
