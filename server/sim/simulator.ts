/**
 * The demonstration simulator (on unless SIMULATOR=off): drives every synthetic unit through the live store once a
 * second, spread over ten 100 ms ticks so frames stay even; now and then lets a unit fall silent long enough to go
 * offline and come back; and changes a light or toilet status every 20–40 s. Feed entries stay calm: a few a
 * minute. Real units (synthetic = false) are never touched: they report through ingest.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { createRandom, type Random } from '@/geo/random';
import type { EventFeedService } from '@/server/events/events.service';
import type { LiveBroadcaster } from '@/server/realtime/live-hub';
import type { LiveUnit } from '@/server/units/live-registry';
import type { LiveUnitsService } from '@/server/units/units.service';
import { listLightingPlans } from '@/server/lighting/plans.repository';
import { type FacilityChange, FacilityChurn } from './facility-churn';
import { planSwitches } from './light-plan-follower';
import {
  loadFacilitiesOfKinds,
  loadPlaces,
  loadRoadLines,
  loadSimulatedUnits,
  type SimFacilityRow,
  updateFacilityStatus,
} from './sim.repository';
import { SimulationModel } from './simulation-model';
import { logFor } from '@/server/ops/log';

const log = logFor('sim');

export interface SimulatorOptions {
  seed: number;
  /** Ticks per second = 1000 / tickMs; each unit advances on one tick in each second. */
  tickMs?: number;
  offlineSeconds: number;
  now?: () => number;
}

/**
 * A demo unit whose real phone reported this recently is left to the phone (the field app on duty, Traccar Client):
 * three of Traccar Client's default 300-second intervals, so a phone reporting at its own pace keeps its unit.
 */
const DEVICE_PRECEDENCE_MS = 15 * 60_000;
/** Simulated time each unit may already have been under way when the simulator starts. */
const WARM_UP_SECONDS = 600;
/** At most one "round finished" entry this often, however many compactors finish. */
const ROUND_EVENT_GAP_MS = 30_000;
/** How often the lights are checked against the lighting plans. */
const PLAN_ROUND_MS = 60_000;

export class Simulator {
  private model: SimulationModel | null = null;
  private liveUnits: (LiveUnit | undefined)[] = [];
  private lastAdvanced: number[] = [];
  private silentUntil = new Map<number, number>();
  private churn: FacilityChurn | null = null;
  private lights: SimFacilityRow[] = [];
  private nextPlanRoundAt = 0;
  private followingPlans = false;
  private planRound: Promise<void> = Promise.resolve();
  private readonly rng: Random;
  private readonly now: () => number;
  private readonly tickMs: number;
  private timer: ReturnType<typeof setInterval> | null = null;
  private ticks = 0;
  private nextSilenceAt = 0;
  private nextChurnAt = 0;
  private lastRoundEventAt = -Infinity;
  private facilityWrites: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly units: LiveUnitsService,
    private readonly feed: EventFeedService,
    private readonly broadcaster: LiveBroadcaster,
    private readonly options: SimulatorOptions,
  ) {
    this.rng = createRandom(options.seed);
    this.now = options.now ?? Date.now;
    this.tickMs = options.tickMs ?? 100;
  }

  /** Loads the world and starts moving; returns what it drives. */
  async start(): Promise<{ units: number; roads: number; places: number }> {
    const driven = await this.load();
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.timer.unref();
    return driven;
  }

  /** Loads the world without starting the clock (tests call tick() themselves). */
  async load(): Promise<{ units: number; roads: number; places: number }> {
    const [roads, places, rows, facilities] = await Promise.all([
      loadRoadLines(this.db),
      loadPlaces(this.db),
      loadSimulatedUnits(this.db),
      loadFacilitiesOfKinds(this.db, ['light', 'toilet']),
    ]);
    const specs = rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      subDistrictCode: r.sub_district_code,
      start: r.lng !== null && r.lat !== null ? ([r.lng, r.lat] as const) : null,
    }));
    this.model = new SimulationModel({ roads, places }, specs, this.options.seed);
    this.model.warmUp(WARM_UP_SECONDS, this.options.seed);
    this.liveUnits = specs.map((s) => this.units.unitById(s.id));
    const now = this.now();
    this.lastAdvanced = specs.map(() => now - 1000);
    this.churn = new FacilityChurn(facilities, this.rng);
    this.lights = facilities.filter((f) => f.kind === 'light');
    this.nextSilenceAt = now + this.rng.range(60, 180) * 1000;
    this.nextChurnAt = now + this.rng.range(10, 30) * 1000;
    const movable = specs.filter((_, i) => this.model!.canMove(i)).length;
    return { units: movable, roads: roads.length, places: places.length };
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.planRound;
    await this.facilityWrites;
  }

  /** One tick: advance this tick's share of the units, then the occasional silence and facility change. */
  tick(): void {
    const model = this.model;
    if (!model) return;
    const now = this.now();
    const buckets = Math.max(1, Math.round(1000 / this.tickMs));
    const bucket = this.ticks++ % buckets;
    for (let i = bucket; i < this.liveUnits.length; i += buckets) {
      const unit = this.liveUnits[i];
      // Up to 5 s at once: after a stall (debugger, suspended laptop) units do not teleport across the district.
      const seconds = Math.min(5, Math.max(0, (now - this.lastAdvanced[i]) / 1000));
      this.lastAdvanced[i] = now;
      const sample = model.advance(i, seconds);
      if (!unit || !sample) continue;
      if (sample.finishedRoundKm !== null) this.roundFinished(unit, sample.finishedRoundKm, now);
      if ((this.silentUntil.get(i) ?? 0) > now) continue;
      if (unit.source !== null && unit.source !== 'simulator' && unit.lastSeenAt !== null && now - unit.lastSeenAt < DEVICE_PRECEDENCE_MS)
        continue;
      this.units.acceptSimulatedPosition(unit, {
        lng: sample.lng,
        lat: sample.lat,
        recordedAt: now,
        speedMps: sample.speedMps,
        headingDeg: sample.headingDeg,
      });
    }
    if (bucket === 0) this.oncePerSecond(now);
  }

  private oncePerSecond(now: number): void {
    if (now >= this.nextSilenceAt && this.liveUnits.length > 0) {
      // Long enough to be noticed as offline, short enough to come back while someone watches.
      const index = this.rng.int(0, this.liveUnits.length - 1);
      this.silentUntil.set(index, now + (this.options.offlineSeconds + this.rng.range(15, 90)) * 1000);
      this.nextSilenceAt = now + this.rng.range(120, 300) * 1000;
    }
    if (now >= this.nextPlanRoundAt) {
      this.nextPlanRoundAt = now + PLAN_ROUND_MS;
      this.planRound = this.followLightingPlans(now);
    }
    const cleaned = this.churn?.dueCleaning(now);
    if (cleaned) this.applyFacilityChange(cleaned);
    if (now >= this.nextChurnAt) {
      this.nextChurnAt = now + this.rng.range(20, 40) * 1000;
      const change = this.churn?.next(now);
      if (change) this.applyFacilityChange(change);
    }
  }

  private roundFinished(unit: LiveUnit, km: number, now: number): void {
    if (now - this.lastRoundEventAt < ROUND_EVENT_GAP_MS) return;
    this.lastRoundEventAt = now;
    this.feed.raiseInBackground({
      kind: 'unit.round_finished',
      messageKey: 'event.roundFinished',
      params: { unit: unit.name, code: unit.code, km },
      unitId: unit.id,
    });
  }

  /** Lights switch as the approved plans say (light-plan-follower.ts); a round is skipped while one is running. */
  private async followLightingPlans(now: number): Promise<void> {
    if (this.followingPlans || this.lights.length === 0) return;
    this.followingPlans = true;
    try {
      const plans = await listLightingPlans(this.db);
      for (const { light, status } of planSwitches(this.lights, plans, new Date(now))) {
        light.status = status;
        this.applyFacilityChange({ facility: light, status, feed: null });
      }
    } catch (error) {
      log.error('could not follow the lighting plans', error);
    } finally {
      this.followingPlans = false;
    }
  }

  private applyFacilityChange({ facility, status, feed }: FacilityChange): void {
    this.facilityWrites = this.facilityWrites.then(async () => {
      try {
        const district = await updateFacilityStatus(this.db, facility.id, status);
        this.broadcaster.facilityStatus({ facilityId: facility.id, kind: facility.kind, status, at: this.now() }, district);
        if (feed) await this.feed.raise({ ...feed, params: { facility: facility.name }, facilityId: facility.id });
      } catch (error) {
        log.error(`could not change facility ${facility.id} to ${status}`, error);
      }
    });
  }
}
