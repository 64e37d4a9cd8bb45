/**
 * The in-memory table of live units: one slot per unit (its index in snapshots and frames, stable while the
 * process runs), the last position shown, when each unit was last heard from, and which units changed since the
 * last frame and since the last save. No timers, no database, no clock of its own: the service drives it and
 * tests drive it with their own times.
 */
import type { PositionSource, UnitKind } from '@/db/schema';
import { FLAG_ONLINE, FLAG_SIMULATED, MAX_SLOTS, type PositionRecord } from '@/domain/realtime/position-frame';
import { positionsReceived } from '@/server/ops/metrics';
import type { DeviceStatus, PositionFix, SnapshotUnit } from './live-types';
import type { LastPositionRow, LiveUnitRow } from './units.repository';

export interface LiveUnit {
  readonly slot: number;
  readonly id: number;
  code: string;
  kind: UnitKind;
  name: string;
  subDistrictCode: string;
  /** The district it belongs to (through its sub-district), null when that sub-district has none. */
  districtCode: string | null;
  /** Its index among its district's units: the slot of the district's own snapshots and frames (a district's wall). */
  districtSlot: number;
  synthetic: boolean;
  deviceKeyHash: string | null;
  hasPosition: boolean;
  lng: number;
  lat: number;
  speedMps: number | null;
  headingDeg: number | null;
  /** Epoch ms of the fix shown; older fixes arriving late go to history but do not move the unit back. */
  fixAt: number;
  /** Epoch ms of the last report received (server clock), or null if never heard from. */
  lastSeenAt: number | null;
  online: boolean;
  source: PositionSource | null;
  /** What the device last said besides a position. */
  device: DeviceStatus | null;
}

export type ApplyOutcome = 'moved' | 'stale';

export class LiveRegistry {
  private readonly units: LiveUnit[] = [];
  private readonly byId = new Map<number, LiveUnit>();
  private readonly byCode = new Map<string, LiveUnit>();
  private readonly frameDirty = new Set<number>();
  private readonly persistDirty = new Set<number>();
  /** Units per district so far: the next district slot. */
  private readonly districtSizes = new Map<string | null, number>();

  constructor(private readonly offlineAfterMs: number) {}

  get size(): number {
    return this.units.length;
  }

  /** Units moved since the last frame. */
  get pendingFrameRecords(): number {
    return this.frameDirty.size;
  }

  /**
   * Adds units not yet known (new slots at the end) and refreshes the descriptions and keys of known ones. Returns
   * whether a known unit moved to another district: the districts' slots are then numbered again, and the frames'
   * epoch must change so their walls re-read their snapshots.
   */
  merge(rows: readonly LiveUnitRow[], now: number): { districtsRenumbered: boolean } {
    let moved = false;
    for (const row of rows) {
      const known = this.byId.get(row.id);
      if (known) {
        if (known.districtCode !== row.district_code) {
          known.districtCode = row.district_code;
          moved = true;
        }
        if (known.code !== row.code) {
          this.byCode.delete(known.code);
          this.byCode.set(row.code, known);
        }
        Object.assign(known, {
          code: row.code,
          kind: row.kind,
          name: row.name,
          subDistrictCode: row.sub_district_code,
          synthetic: row.synthetic,
          deviceKeyHash: row.device_key_hash,
        });
        continue;
      }
      if (this.units.length >= MAX_SLOTS) throw new Error(`The live store holds at most ${MAX_SLOTS} units`);
      const hasPosition = row.lng !== null && row.lat !== null;
      const lastSeenAt = row.last_seen_at ? new Date(row.last_seen_at).getTime() : null;
      const unit: LiveUnit = {
        slot: this.units.length,
        id: row.id,
        code: row.code,
        kind: row.kind,
        name: row.name,
        subDistrictCode: row.sub_district_code,
        districtCode: row.district_code,
        districtSlot: this.nextDistrictSlot(row.district_code),
        synthetic: row.synthetic,
        deviceKeyHash: row.device_key_hash,
        device: (row.device_report as DeviceStatus | null) ?? null,
        hasPosition,
        lng: row.lng ?? 0,
        lat: row.lat ?? 0,
        speedMps: row.speed_mps,
        headingDeg: row.heading_deg,
        fixAt: lastSeenAt ?? 0,
        lastSeenAt,
        online: hasPosition && lastSeenAt !== null && now - lastSeenAt < this.offlineAfterMs,
        source: null,
      };
      this.units.push(unit);
      this.byId.set(unit.id, unit);
      this.byCode.set(unit.code, unit);
    }
    if (moved) this.renumberDistricts();
    return { districtsRenumbered: moved };
  }

  private nextDistrictSlot(districtCode: string | null): number {
    const next = this.districtSizes.get(districtCode) ?? 0;
    this.districtSizes.set(districtCode, next + 1);
    return next;
  }

  /** Each district's units numbered 0… in slot order again. */
  private renumberDistricts(): void {
    this.districtSizes.clear();
    for (const unit of this.units) unit.districtSlot = this.nextDistrictSlot(unit.districtCode);
  }

  /** The unit in a (process-wide) slot. */
  atSlot(slot: number): LiveUnit {
    return this.units[slot];
  }

  byUnitId(id: number): LiveUnit | undefined {
    return this.byId.get(id);
  }

  byUnitCode(code: string): LiveUnit | undefined {
    return this.byCode.get(code);
  }

  all(): readonly LiveUnit[] {
    return this.units;
  }

  /**
   * Records a report: the unit is heard from now, and moves if the fix is not older than the one shown.
   * Returns whether it moved and whether it was offline until now.
   */
  apply(
    unit: LiveUnit,
    fix: PositionFix,
    source: PositionSource,
    receivedAt: number,
    /** False for a fix another process accepted: that process saves the unit's last position. */
    save = true,
  ): { outcome: ApplyOutcome; cameOnline: boolean } {
    unit.lastSeenAt = receivedAt;
    const cameOnline = !unit.online;
    unit.online = true;
    // A real device always wins over the simulator: its fix replaces a simulated one whatever their clocks say (the
    // apps stamp whole seconds, the simulator milliseconds of the server's clock). Among real fixes, the newest shows.
    const overSimulated = source !== 'simulator' && unit.source === 'simulator';
    if (unit.hasPosition && !overSimulated && fix.recordedAt < unit.fixAt) {
      positionsReceived.inc({ source, outcome: 'stale' });
      return { outcome: 'stale', cameOnline };
    }
    positionsReceived.inc({ source, outcome: 'moved' });
    unit.hasPosition = true;
    unit.lng = fix.lng;
    unit.lat = fix.lat;
    unit.speedMps = fix.speedMps;
    unit.headingDeg = fix.headingDeg;
    unit.fixAt = fix.recordedAt;
    unit.source = source;
    this.frameDirty.add(unit.slot);
    if (save) this.persistDirty.add(unit.slot);
    return { outcome: 'moved', cameOnline };
  }

  /** Marks units silent for longer than the offline threshold as offline; returns them. */
  sweepOffline(now: number): LiveUnit[] {
    const wentOffline: LiveUnit[] = [];
    for (const unit of this.units) {
      if (unit.online && (unit.lastSeenAt === null || now - unit.lastSeenAt >= this.offlineAfterMs)) {
        unit.online = false;
        wentOffline.push(unit);
      }
    }
    return wentOffline;
  }

  /** The records of units moved since the last call (each once, at its latest position); clears the set. */
  takeFrameRecords(): PositionRecord[] {
    const records: PositionRecord[] = [];
    for (const slot of this.frameDirty) {
      const u = this.units[slot];
      records.push({
        slot,
        lng: u.lng,
        lat: u.lat,
        speedMps: u.speedMps,
        headingDeg: u.headingDeg,
        flags: (u.online ? FLAG_ONLINE : 0) | (u.source === 'simulator' ? FLAG_SIMULATED : 0),
      });
    }
    this.frameDirty.clear();
    return records;
  }

  /** Last positions changed since the last call, for the periodic save; clears the set. */
  takePersistRows(): LastPositionRow[] {
    const rows: LastPositionRow[] = [];
    for (const slot of this.persistDirty) {
      const u = this.units[slot];
      rows.push({
        unitId: u.id,
        lng: u.lng,
        lat: u.lat,
        speedMps: u.speedMps,
        headingDeg: u.headingDeg,
        seenAt: new Date(u.lastSeenAt ?? u.fixAt),
      });
    }
    this.persistDirty.clear();
    return rows;
  }

  /** Puts rows back after a failed save, so the next save retries them. */
  restorePersistRows(rows: readonly LastPositionRow[]): void {
    for (const row of rows) {
      const unit = this.byId.get(row.unitId);
      if (unit) this.persistDirty.add(unit.slot);
    }
  }

  /** Every unit (slots of the whole store), or one district's (slots of that district's frames). */
  toSnapshotUnits(districtCode?: string): SnapshotUnit[] {
    const units = districtCode === undefined ? this.units : this.units.filter((u) => u.districtCode === districtCode);
    return units.map((u) => ({
      slot: districtCode === undefined ? u.slot : u.districtSlot,
      id: u.id,
      code: u.code,
      kind: u.kind,
      name: u.name,
      subDistrictCode: u.subDistrictCode,
      synthetic: u.synthetic,
      online: u.online,
      position: u.hasPosition ? { lng: u.lng, lat: u.lat, speedMps: u.speedMps, headingDeg: u.headingDeg, at: u.fixAt } : null,
      lastSeenAt: u.lastSeenAt,
      source: u.source,
      device: u.device,
    }));
  }
}
