/**
 * The browser's live unit state, held in preallocated typed arrays that deck.gl reads directly as binary
 * attributes. Frames are decoded straight into them (no objects per position, no allocation per frame), and
 * `advance(now)` glides each unit from where it was drawn to its newest position over the time its previous
 * update took (≈1 s), so 1 Hz reports look like continuous motion instead of hops.
 *
 * Positions are Float32 degree offsets from LIVE_ORIGIN (deck.gl's LNGLAT_OFFSETS): ≈3 mm precision anywhere in
 * Shanghai, and no 64-bit splitting on the CPU per frame as Float64 lng/lat would need.
 *
 * Pure: no React, no socket (live-units-client.ts feeds it), so it is unit-tested in Node and benchmarked in Chromium.
 */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';
import { FLAG_SIMULATED, readFrameHeader, readPositionFrame } from '@/domain/realtime/position-frame';

export type UnitsSnapshot = inferRouterOutputs<AppRouter>['units']['snapshot'];
export type SnapshotUnit = UnitsSnapshot['units'][number];
export type LiveUnitKind = SnapshotUnit['kind'];

/** Changning's centre: the origin of the Float32 offsets in `positions`. */
export const LIVE_ORIGIN: readonly [lng: number, lat: number] = [121.4, 31.21];

/** Everything about a unit except where it is this instant (read that with positionOf). Immutable per change. */
export interface LiveUnitInfo {
  slot: number;
  id: number;
  code: string;
  kind: LiveUnitKind;
  name: string;
  subDistrictCode: string;
  /** Demonstration data (模拟数据), not a real device. */
  synthetic: boolean;
  online: boolean;
  /** Epoch ms of the last report, null if never. */
  lastSeenAt: number | null;
  /** What the unit's device last said besides a position (battery, an invalid fix, an alarm), as of the snapshot. */
  device: SnapshotUnit['device'];
}

/** A unit's stored fix at a past moment (positions.at / replay.districtAt). */
export interface MomentFix {
  unitId: number;
  lng: number;
  lat: number;
  /** Epoch ms of the fix. */
  at: number;
  speedMps: number | null;
  headingDeg: number | null;
  simulated: boolean;
}

/** Units online and in all, by kind (the wall's unit tiles and chart, for the district or one sub-district). */
export function countUnitsByKind(units: Iterable<Pick<LiveUnitInfo, 'kind' | 'online'>>) {
  const onlineByKind: Partial<Record<LiveUnitKind, number>> = {};
  const totalByKind: Partial<Record<LiveUnitKind, number>> = {};
  let onlineCount = 0;
  for (const unit of units) {
    totalByKind[unit.kind] = (totalByKind[unit.kind] ?? 0) + 1;
    if (unit.online) {
      onlineByKind[unit.kind] = (onlineByKind[unit.kind] ?? 0) + 1;
      onlineCount++;
    }
  }
  return { onlineByKind, totalByKind, onlineCount };
}

/** What applying a frame meant: used, already known, or a sign the snapshot must be re-read. */
export type FrameOutcome = 'applied' | 'old' | 'gap' | 'other-epoch' | 'unknown-slot';

/** Glide over the unit's last update interval, within these bounds; longer silences jump. */
const MIN_GLIDE_MS = 200;
const MAX_GLIDE_MS = 2000;

export class LiveUnitsModel {
  count = 0;
  epoch = -1;
  /** Sequence number of the last frame applied (or the snapshot's). */
  sequence = 0;
  /** Bumped whenever `positions` changes: a new deck.gl attribute descriptor then makes deck re-upload it. */
  positionsVersion = 0;
  /** Bumped whenever the unit list, anyone's online state, or who has a position changes (layer styles depend on it). */
  statusVersion = 0;
  /** Epoch ms of the last frame applied. */
  lastFrameAt: number | null = null;

  /** [dLng, dLat] per slot, offsets from LIVE_ORIGIN: the deck.gl getPosition attribute. */
  positions = new Float32Array(0);
  /** 1 when the unit has ever had a position (units without one are not drawn). */
  hasPosition = new Uint8Array(0);
  online = new Uint8Array(0);
  simulated = new Uint8Array(0);
  /** Metres per second, NaN when unknown. */
  speed = new Float32Array(0);
  /** Degrees clockwise from north, NaN when unknown. */
  heading = new Float32Array(0);
  units: readonly LiveUnitInfo[] = [];

  private from = new Float32Array(0);
  private to = new Float32Array(0);
  private glideStart = new Float64Array(0);
  private glideMs = new Float32Array(0);
  private lastUpdate = new Float64Array(0);
  private slotById = new Map<number, number>();
  private glidingUntil = 0;
  // Per-frame state the record visitor reads; a bound method, so reading a frame allocates no closure.
  private applyAt = 0;
  private unknownSlot = false;
  private readonly visitRecord = this.applyRecord.bind(this);

  /** Replaces everything with a snapshot; arrays grow only if the district has more units than before. */
  applySnapshot(snapshot: UnitsSnapshot, now: number): void {
    const n = snapshot.units.length;
    if (n > this.positions.length / 2) this.allocate(Math.ceil(n * 1.25));
    this.count = n;
    this.epoch = snapshot.epoch;
    this.sequence = snapshot.sequence;
    this.slotById = new Map();
    this.units = snapshot.units.map((u, slot) => {
      this.slotById.set(u.id, slot);
      const p = u.position;
      this.hasPosition[slot] = p ? 1 : 0;
      const dx = p ? p.lng - LIVE_ORIGIN[0] : 0;
      const dy = p ? p.lat - LIVE_ORIGIN[1] : 0;
      this.positions[2 * slot] = this.from[2 * slot] = this.to[2 * slot] = dx;
      this.positions[2 * slot + 1] = this.from[2 * slot + 1] = this.to[2 * slot + 1] = dy;
      this.glideStart[slot] = now;
      this.glideMs[slot] = 0;
      // As if received when the server got it, so the next frame glides (recent fix) or jumps (stale one).
      this.lastUpdate[slot] = p ? now - Math.max(0, snapshot.serverTime - p.at) : Number.NEGATIVE_INFINITY;
      this.online[slot] = u.online ? 1 : 0;
      this.simulated[slot] = u.source === 'simulator' ? 1 : 0;
      this.speed[slot] = p?.speedMps ?? Number.NaN;
      this.heading[slot] = p?.headingDeg ?? Number.NaN;
      return {
        slot,
        id: u.id,
        code: u.code,
        kind: u.kind,
        name: u.name,
        subDistrictCode: u.subDistrictCode,
        synthetic: u.synthetic,
        online: u.online,
        lastSeenAt: u.lastSeenAt,
        device: u.device,
      };
    });
    this.glidingUntil = 0;
    this.positionsVersion++;
    this.statusVersion++;
  }

  /**
   * Applies one binary frame received at `now` (performance.now() or any monotonic ms clock). Frames of another
   * epoch, after a gap in sequence numbers, or naming slots this snapshot lacks are not (fully) applied: the
   * caller should re-read the snapshot.
   */
  applyFrame(bytes: Uint8Array, now: number, wallClockMs: number = Date.now()): FrameOutcome {
    const header = readFrameHeader(bytes);
    if (header.epoch !== this.epoch) return 'other-epoch';
    const ahead = (header.sequence - this.sequence) >>> 0;
    if (ahead === 0 || ahead > 0x7fffffff) return 'old';
    const gap = ahead !== 1;
    this.applyAt = now;
    this.unknownSlot = false;
    readPositionFrame(bytes, this.visitRecord);
    this.sequence = header.sequence;
    this.lastFrameAt = wallClockMs;
    this.positionsVersion++;
    if (this.unknownSlot) return 'unknown-slot';
    return gap ? 'gap' : 'applied';
  }

  /** Records a unit going offline or coming back; returns false when the unit is not in this snapshot. */
  setOnline(unitId: number, online: boolean, at: number): boolean {
    const slot = this.slotById.get(unitId);
    if (slot === undefined) return false;
    if (this.units[slot].online === online) return true;
    this.online[slot] = online ? 1 : 0;
    const units = this.units.slice();
    units[slot] = { ...units[slot], online, lastSeenAt: online ? at : units[slot].lastSeenAt };
    this.units = units;
    this.statusVersion++;
    return true;
  }

  /**
   * Shows every unit where the position history has it at a past moment (the wall's replay): a unit without a fix
   * then is hidden and counted offline. With `glideMs` > 0 (playing) units glide there over that time, else jump.
   */
  applyMoment(fixes: ReadonlyArray<MomentFix>, now: number, glideMs = 0): void {
    const bySlot = new Map<number, MomentFix>();
    for (const fix of fixes) {
      const slot = this.slotById.get(fix.unitId);
      if (slot !== undefined) bySlot.set(slot, fix);
    }
    let units: LiveUnitInfo[] | null = null;
    for (let slot = 0; slot < this.count; slot++) {
      const fix = bySlot.get(slot);
      const online = fix !== undefined;
      if (this.units[slot].online !== online) {
        units ??= this.units.slice();
        units[slot] = { ...units[slot], online, lastSeenAt: fix ? fix.at : units[slot].lastSeenAt };
      }
      this.online[slot] = online ? 1 : 0;
      this.glideMs[slot] = 0;
      if (!fix) {
        this.hasPosition[slot] = 0;
        continue;
      }
      const i = 2 * slot;
      const dx = fix.lng - LIVE_ORIGIN[0];
      const dy = fix.lat - LIVE_ORIGIN[1];
      if (glideMs > 0 && this.hasPosition[slot]) {
        this.from[i] = this.positions[i];
        this.from[i + 1] = this.positions[i + 1];
        this.to[i] = dx;
        this.to[i + 1] = dy;
        this.glideStart[slot] = now;
        this.glideMs[slot] = glideMs;
        this.glidingUntil = Math.max(this.glidingUntil, now + glideMs);
      } else {
        this.positions[i] = this.from[i] = this.to[i] = dx;
        this.positions[i + 1] = this.from[i + 1] = this.to[i + 1] = dy;
      }
      this.hasPosition[slot] = 1;
      this.simulated[slot] = fix.simulated ? 1 : 0;
      this.speed[slot] = fix.speedMps ?? Number.NaN;
      this.heading[slot] = fix.headingDeg ?? Number.NaN;
    }
    if (units) this.units = units;
    if (glideMs === 0) this.glidingUntil = 0;
    this.positionsVersion++;
    this.statusVersion++;
  }

  /** Moves every gliding unit to where it should be drawn at `now`; returns whether any is still gliding. */
  advance(now: number): boolean {
    if (this.glidingUntil === 0) return false;
    const { positions, from, to, glideStart, glideMs } = this;
    for (let slot = 0; slot < this.count; slot++) {
      const duration = glideMs[slot];
      if (duration === 0) continue;
      const t = (now - glideStart[slot]) / duration;
      const i = 2 * slot;
      if (t >= 1) {
        positions[i] = to[i];
        positions[i + 1] = to[i + 1];
        glideMs[slot] = 0;
      } else if (t > 0) {
        positions[i] = from[i] + (to[i] - from[i]) * t;
        positions[i + 1] = from[i + 1] + (to[i + 1] - from[i + 1]) * t;
      }
    }
    this.positionsVersion++;
    if (now >= this.glidingUntil) {
      this.glidingUntil = 0;
      return false;
    }
    return true;
  }

  slotOf(unitId: number): number | undefined {
    return this.slotById.get(unitId);
  }

  /** Where the unit is drawn now, [lng, lat], or null if it never reported. */
  positionOf(slot: number): [number, number] | null {
    if (slot < 0 || slot >= this.count || !this.hasPosition[slot]) return null;
    return [LIVE_ORIGIN[0] + this.positions[2 * slot], LIVE_ORIGIN[1] + this.positions[2 * slot + 1]];
  }

  private applyRecord(slot: number, lng: number, lat: number, speedMps: number | null, headingDeg: number | null, flags: number): void {
    if (slot >= this.count) {
      this.unknownSlot = true;
      return;
    }
    const now = this.applyAt;
    const i = 2 * slot;
    const dx = lng - LIVE_ORIGIN[0];
    const dy = lat - LIVE_ORIGIN[1];
    const sinceLast = now - this.lastUpdate[slot];
    this.lastUpdate[slot] = now;
    if (!this.hasPosition[slot] || sinceLast > 5 * MAX_GLIDE_MS) {
      // First sighting or back after a long silence: appear there, do not slide across the map.
      this.positions[i] = this.from[i] = this.to[i] = dx;
      this.positions[i + 1] = this.from[i + 1] = this.to[i + 1] = dy;
      this.glideMs[slot] = 0;
    } else {
      this.from[i] = this.positions[i];
      this.from[i + 1] = this.positions[i + 1];
      this.to[i] = dx;
      this.to[i + 1] = dy;
      const duration = Math.min(MAX_GLIDE_MS, Math.max(MIN_GLIDE_MS, sinceLast));
      this.glideStart[slot] = now;
      this.glideMs[slot] = duration;
      if (now + duration > this.glidingUntil) this.glidingUntil = now + duration;
    }
    if (!this.hasPosition[slot]) {
      this.hasPosition[slot] = 1;
      // Layers size units without a position to nothing; now this one must be drawn.
      this.statusVersion++;
    }
    // Online state changes arrive as 'units:status' (setOnline); the frame's online flag adds nothing here.
    this.simulated[slot] = flags & FLAG_SIMULATED ? 1 : 0;
    this.speed[slot] = speedMps ?? Number.NaN;
    this.heading[slot] = headingDeg ?? Number.NaN;
  }

  private allocate(capacity: number): void {
    this.positions = new Float32Array(2 * capacity);
    this.from = new Float32Array(2 * capacity);
    this.to = new Float32Array(2 * capacity);
    this.hasPosition = new Uint8Array(capacity);
    this.online = new Uint8Array(capacity);
    this.simulated = new Uint8Array(capacity);
    this.speed = new Float32Array(capacity);
    this.heading = new Float32Array(capacity);
    this.glideStart = new Float64Array(capacity);
    this.glideMs = new Float32Array(capacity);
    this.lastUpdate = new Float64Array(capacity);
  }
}
