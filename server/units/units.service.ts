/**
 * The live store of unit positions. It owns:
 *  - the last known position of every unit, in memory, loaded from the units table at start (LiveRegistry);
 *  - one binary frame every `frameMs` (POSITION_FRAME_MS) carrying only the units that moved, encoded once and
 *    broadcast to every map viewer, so a position reaches the screen within about one frame interval; a device
 *    batch that fills a frame by itself (≥ EARLY_FRAME_RECORDS moved units) is sent at once instead of waiting;
 *  - saving last positions to units.geom / last_seen_at every `persistMs` (one statement per 100 units);
 *  - handing every unit's fixes, device, OsmAnd and simulated alike, to the one position history
 *    (server/units/history), which keeps a sample of them and writes them by group commit off the frame path; a
 *    device is answered once its kept fixes are stored;
 *  - offline detection: a unit silent for `offlineSeconds` (UNIT_OFFLINE_SECONDS) is offline; clients hear
 *    'units:status' at once, and the feed gets a calm entry (one per unit, or one summary when many change) — for
 *    coming online only on a transition this process watched, not on the reconnections after its own restart;
 *  - with several app processes (REDIS_URL), sharing the fixes it accepts with its peers and applying theirs, so
 *    every process's frames and offline sweeps cover every unit. A fix is stored, saved and told to the feed by the
 *    process that accepted it, once.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { EventFeedService } from '@/server/events/events.service';
import { encodePositionFrame, type PositionRecord } from '@/domain/realtime/position-frame';
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import type { LiveBroadcaster } from '@/server/realtime/live-hub';
import { issueDeviceKey, revokeDeviceKey } from './device-keys';
import { type ApplyOutcome, type LiveUnit, LiveRegistry } from './live-registry';
import type { DeviceStatus, PositionFix, UnitsSnapshot } from './live-types';
import { yieldToEventLoop } from './position-history';
import { DEFAULT_SAMPLER } from '@/domain/positions/sampler';
import { PositionHistoryService } from './history/position-history.service';
import { loadLiveUnitRows, saveDeviceReport, saveLastPositions, vacuumUnits } from './units.repository';
import { logFor } from '@/server/ops/log';
import type { PositionPeers } from '@/server/cluster/cluster-link';
import type { SharedFix } from '@/server/cluster/shared-fixes';

const log = logFor('units');

export interface LiveUnitsOptions {
  frameMs: number;
  offlineSeconds: number;
  /** How often changed last positions are saved to the units table. */
  persistMs?: number;
  /** How often the unit table is re-read for new units and changed keys. */
  reloadMs?: number;
  /** Moved units that make a frame go out at once rather than with the timer (default EARLY_FRAME_RECORDS). */
  earlyFrameRecords?: number;
  /** Store positions in the history (the fan-out benchmark may turn this off, and says so). */
  recordHistory?: boolean;
  /** The history to write to; by default one with the default sampler and retention on this service's clock. */
  history?: PositionHistoryService;
  /** The other app processes (REDIS_URL); absent: this process is the only one. */
  peers?: PositionPeers | null;
  /**
   * Embedded database only: VACUUM the units table this often. Each save rewrites every moved unit's row, and PGlite
   * runs no autovacuum, so without this the table and its GiST index would grow by ~400,000 dead rows an hour.
   */
  compactEveryMs?: number;
  now?: () => number;
}

export type DeviceSource = 'device' | 'osmand';

export interface DeviceReport {
  unit: LiveUnit;
  fix: PositionFix;
}

/** An UPDATE of 100 units holds the embedded database (this thread) ≈8 ms; 250 held it 20–70 ms, stalling frames. */
const ROWS_PER_SAVE_STATEMENT = 100;
/**
 * This many moved units make a frame worth sending without waiting for the timer: its fixed cost (≈70 bytes of
 * header and Socket.IO framing per client) stays below 1.1 bytes a position, while single-position reports
 * (OsmAnd phones) still share the timer's frames.
 */
const EARLY_FRAME_RECORDS = 64;
/** More transitions than this in one sweep are told as one summary entry, so the feed stays readable. */
const MAX_SINGLE_TRANSITION_EVENTS = 3;

export class LiveUnitsService {
  private readonly registry: LiveRegistry;
  readonly history: PositionHistoryService;
  private readonly now: () => number;
  private epoch = newEpoch();
  /** The whole store's frame sequence (city-wide walls). */
  private sequence = 0;
  /** Each district's own frame sequence (its walls' frames carry district slots, live-registry.ts). */
  private readonly districtSequences = new Map<string, number>();
  /** Units heard again since the last sweep (a set: a unit heard twice is one change). */
  private cameOnline = new Set<LiveUnit>();
  /** Units this process has itself seen fall silent: their coming back is news for the feed. */
  private readonly silenced = new Set<number>();
  /** When this process first read the units: until the silence threshold has passed, a first report is a reconnection. */
  private watchingSince: number | null = null;
  private timers: Array<ReturnType<typeof setInterval>> = [];
  private saving: Promise<void> = Promise.resolve();
  private lastCompactedAt = 0;
  private earlyFrame: ReturnType<typeof setImmediate> | null = null;
  /** Fixes accepted here since the last frame, for the other processes. */
  private toShare: SharedFix[] = [];
  /** Units whose latest fix another process accepted: that process tells the feed when they fall silent. */
  private readonly heardByPeer = new Set<number>();
  private reloading: Promise<void> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly broadcaster: LiveBroadcaster,
    private readonly feed: EventFeedService,
    private readonly options: LiveUnitsOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.registry = new LiveRegistry(options.offlineSeconds * 1000);
    this.history =
      options.history ??
      new PositionHistoryService(
        db,
        { now: () => new Date(this.now()) },
        { sampler: DEFAULT_SAMPLER, fullDays: 7, thinDays: 30, flushMs: 100 },
      );
    options.peers?.onShared((fixes) => this.acceptPeerFixes(fixes));
    options.peers?.onUnitsChanged(() => this.reloadSoon());
  }

  /** Reads the unit table (again): new units get new slots, known ones their current names and keys. */
  async load(): Promise<void> {
    const { districtsRenumbered } = this.registry.merge(await loadLiveUnitRows(this.db), this.now());
    // Walls of the districts renumbered hold slots that now name other units: a new epoch makes them re-read.
    if (districtsRenumbered) this.epoch = newEpoch();
    this.watchingSince ??= this.now();
  }

  /** Starts the frame, save, offline and reload timers. */
  start(): void {
    if (this.timers.length > 0) return;
    const every = (ms: number, job: () => unknown) => {
      const timer = setInterval(job, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.options.frameMs, () => this.flushFrame());
    every(1000, () => this.sweepOffline());
    every(this.options.persistMs ?? 5000, () => void this.persistLastPositions());
    every(this.options.reloadMs ?? 60_000, () => void this.load().catch((e: unknown) => log.error('reload failed', e)));
  }

  /** Stops the timers and writes what is still in memory, including the feed entries of the last sweep. */
  async stop(): Promise<void> {
    this.timers.forEach(clearInterval);
    this.timers = [];
    if (this.earlyFrame) clearImmediate(this.earlyFrame);
    this.earlyFrame = null;
    await this.history.flush().catch(() => undefined);
    await this.persistLastPositions();
    await this.feed.idle();
  }

  get size(): number {
    return this.registry.size;
  }

  unitByCode(code: string): LiveUnit | undefined {
    return this.registry.byUnitCode(code);
  }

  unitById(id: number): LiveUnit | undefined {
    return this.registry.byUnitId(id);
  }

  units(): readonly LiveUnit[] {
    return this.registry.all();
  }

  /** Every unit (a city-wide wall), or one district's, numbered as that district's frames number them. */
  snapshot(scope: DistrictScope = CITY_SCOPE): UnitsSnapshot {
    const district = scope.kind === 'district' ? scope.code : undefined;
    return {
      epoch: this.epoch,
      sequence: district === undefined ? this.sequence : (this.districtSequences.get(district) ?? 0),
      serverTime: this.now(),
      frameIntervalMs: this.options.frameMs,
      offlineAfterSeconds: this.options.offlineSeconds,
      units: this.registry.toSnapshotUnits(district),
    };
  }

  /**
   * Positions from devices, already validated and authenticated (server/units/ingest). They show on the map with
   * the next frame; the promise resolves once they are in the history, so the device is answered truthfully.
   */
  async acceptDevicePositions(reports: readonly DeviceReport[], source: DeviceSource): Promise<ApplyOutcome[]> {
    const receivedAt = this.now();
    const outcomes = reports.map(({ unit, fix }) => this.applyFix(unit, fix, source, receivedAt));
    this.sendFullFrameSoon();
    // A stale fix is still a real past position: the history keeps it even though the map does not go back.
    if (this.options.recordHistory !== false)
      await this.history.record(
        reports.map(({ unit, fix }) => ({ unitId: unit.id, fix })),
        source,
      );
    return outcomes;
  }

  /**
   * What a device said besides a usable position (battery, push token, cell or Wi-Fi, an alarm, a fix it marked
   * invalid): kept on the unit, shown in its detail with the next snapshot, and counted as hearing from it.
   */
  async recordDeviceReport(unit: LiveUnit, said: Omit<DeviceStatus, 'at'>): Promise<void> {
    const at = this.now();
    const report: DeviceStatus = { ...said, at };
    unit.device = report;
    unit.lastSeenAt = at;
    if (!unit.online && unit.hasPosition) {
      unit.online = true;
      this.announceOnline(unit, at);
    }
    await saveDeviceReport(this.db, unit.id, report);
  }

  /** Positions from the simulator: shown, saved as last positions, and sampled into the history marked simulated. */
  acceptSimulatedPosition(unit: LiveUnit, fix: PositionFix): void {
    this.applyFix(unit, fix, 'simulator', this.now());
    if (this.options.recordHistory !== false) void this.history.record([{ unitId: unit.id, fix }], 'simulator');
  }

  /**
   * Fixes another process accepted: shown with the next frame like this process's own; that process stores them
   * and saves the last positions. A unit this process has not read yet (added a moment ago) comes with a re-read.
   */
  acceptPeerFixes(fixes: readonly SharedFix[]): void {
    const receivedAt = this.now();
    let unknown = false;
    for (const { unitId, source, ...fix } of fixes) {
      const unit = this.registry.byUnitId(unitId);
      if (!unit) {
        unknown = true;
        continue;
      }
      this.heardByPeer.add(unitId);
      const { cameOnline } = this.registry.apply(unit, fix, source, receivedAt, false);
      if (cameOnline) this.broadcaster.unitStatus({ unitId, online: true, at: receivedAt }, unit.districtCode);
    }
    if (unknown) this.reloadSoon();
    this.sendFullFrameSoon();
  }

  /** Reads the unit table again once (a peer changed it, or sent a unit not read yet); calls meanwhile share it. */
  private reloadSoon(): void {
    this.reloading ??= this.load()
      .catch((error: unknown) => log.error('reload of the units failed', error))
      .finally(() => (this.reloading = null));
  }

  /** Sends one frame with every unit moved since the last frame; returns how many it carried. */
  flushFrame(): number {
    if (this.toShare.length > 0) {
      this.options.peers?.share(this.toShare);
      this.toShare = [];
    }
    const records = this.registry.takeFrameRecords();
    if (records.length === 0) return 0;
    const serverTimeMs = this.now();
    this.sequence = (this.sequence + 1) >>> 0;
    this.broadcaster.positionsFrame(encodePositionFrame({ epoch: this.epoch, sequence: this.sequence, serverTimeMs }, records));
    // Each district's walls get only their district's units, in their district's slots.
    for (const [district, own] of this.byDistrict(records)) {
      const sequence = ((this.districtSequences.get(district) ?? 0) + 1) >>> 0;
      this.districtSequences.set(district, sequence);
      this.broadcaster.districtPositionsFrame(district, encodePositionFrame({ epoch: this.epoch, sequence, serverTimeMs }, own));
    }
    return records.length;
  }

  private byDistrict(records: readonly PositionRecord[]): Map<string, PositionRecord[]> {
    const groups = new Map<string, PositionRecord[]>();
    for (const record of records) {
      const unit = this.registry.atSlot(record.slot);
      if (unit.districtCode === null) continue;
      let group = groups.get(unit.districtCode);
      if (!group) groups.set(unit.districtCode, (group = []));
      group.push({ ...record, slot: unit.districtSlot });
    }
    return groups;
  }

  /**
   * A frame's worth of moved units goes out on the next turn of the event loop (after the requests already read
   * in this turn have been applied), not up to `frameMs` later. Only while the timers run: tests drive frames.
   */
  private sendFullFrameSoon(): void {
    if (
      this.earlyFrame ||
      this.timers.length === 0 ||
      this.registry.pendingFrameRecords < (this.options.earlyFrameRecords ?? EARLY_FRAME_RECORDS)
    )
      return;
    this.earlyFrame = setImmediate(() => {
      this.earlyFrame = null;
      this.flushFrame();
    });
  }

  /** Marks silent units offline and tells clients and the feed about every change since the last sweep. */
  sweepOffline(): void {
    const now = this.now();
    const wentOffline = this.registry.sweepOffline(now);
    const cameOnline = [...this.cameOnline].filter((u) => u.online && this.isNewsThatCameOnline(u, now));
    this.cameOnline.clear();
    for (const unit of wentOffline) {
      this.broadcaster.unitStatus({ unitId: unit.id, online: false, at: now }, unit.districtCode);
      this.silenced.add(unit.id);
    }
    // Every process sees the unit fall silent; the one that last heard it tells the feed.
    this.raiseTransitionEvents(
      wentOffline.filter((unit) => !this.heardByPeer.has(unit.id)),
      false,
    );
    this.raiseTransitionEvents(cameOnline, true);
  }

  /**
   * Saves changed last positions, one statement per 100 units (the district's 550 take six); rows of a failed
   * statement are retried with the next save. Statements are kept short because the embedded database runs on
   * this thread: frames go out between them.
   */
  persistLastPositions(): Promise<void> {
    this.saving = this.saving.then(async () => {
      const rows = this.registry.takePersistRows();
      for (let start = 0; start < rows.length; start += ROWS_PER_SAVE_STATEMENT) {
        if (start > 0) await yieldToEventLoop();
        const chunk = rows.slice(start, start + ROWS_PER_SAVE_STATEMENT);
        try {
          await saveLastPositions(this.db, chunk);
        } catch (error) {
          this.registry.restorePersistRows(chunk);
          log.error(`could not save ${chunk.length} last positions`, error);
        }
      }
      const compactEveryMs = this.options.compactEveryMs;
      if (compactEveryMs && this.now() - this.lastCompactedAt >= compactEveryMs) {
        this.lastCompactedAt = this.now();
        await vacuumUnits(this.db).catch((error: unknown) => log.error('could not compact the units table', error));
      }
    });
    return this.saving;
  }

  /** Issues a new device key for a unit (replacing the old one) and uses it from now on; returns the key. */
  async rotateDeviceKey(unitId: number): Promise<string> {
    const { key, hash } = await issueDeviceKey(this.db, unitId);
    const unit = this.registry.byUnitId(unitId);
    if (unit) unit.deviceKeyHash = hash;
    else await this.load();
    this.options.peers?.unitsChanged();
    return key;
  }

  /** Withdraws a unit's device key (a lost phone): its reports are refused from now on. */
  async revokeDeviceKey(unitId: number): Promise<void> {
    await revokeDeviceKey(this.db, unitId);
    const unit = this.registry.byUnitId(unitId);
    if (unit) unit.deviceKeyHash = null;
    this.options.peers?.unitsChanged();
  }

  private applyFix(unit: LiveUnit, fix: PositionFix, source: 'device' | 'osmand' | 'simulator', receivedAt: number): ApplyOutcome {
    const { outcome, cameOnline } = this.registry.apply(unit, fix, source, receivedAt);
    this.heardByPeer.delete(unit.id);
    // A stale fix is shared too: it still says the unit was heard from.
    if (this.options.peers) this.toShare.push({ unitId: unit.id, source, ...fix });
    if (cameOnline) this.announceOnline(unit, receivedAt);
    return outcome;
  }

  /** Screens hear at once that a unit is back; the event feed hears it with the next offline sweep. */
  private announceOnline(unit: LiveUnit, at: number): void {
    this.broadcaster.unitStatus({ unitId: unit.id, online: true, at }, unit.districtCode);
    this.cameOnline.add(unit);
  }

  /**
   * Whether the feed should tell that a unit came online: only a real transition, one this process watched — the
   * unit fell silent while it ran, or stayed silent for the whole threshold after it started. The first reports
   * after a restart are the server reconnecting to units that were working all along; announcing them put
   * "275 个作业单元上线" into the feed at every start. Screens still hear every unit's status at once.
   */
  private isNewsThatCameOnline(unit: LiveUnit, now: number): boolean {
    if (this.silenced.delete(unit.id)) return true;
    return this.watchingSince !== null && now - this.watchingSince >= this.options.offlineSeconds * 1000;
  }

  private raiseTransitionEvents(units: readonly LiveUnit[], online: boolean): void {
    if (units.length === 0) return;
    if (units.length > MAX_SINGLE_TRANSITION_EVENTS) {
      this.feed.raiseInBackground({
        kind: online ? 'units.online' : 'units.offline',
        severity: online ? 'info' : 'warning',
        messageKey: online ? 'event.unitsOnline' : 'event.unitsOffline',
        params: { count: units.length },
      });
      return;
    }
    for (const unit of units) {
      this.feed.raiseInBackground({
        kind: online ? 'unit.online' : 'unit.offline',
        severity: online ? 'info' : 'warning',
        messageKey: online ? 'event.unitOnline' : 'event.unitOffline',
        params: { unit: unit.name, code: unit.code },
        unitId: unit.id,
      });
    }
  }
}

/** A random 32-bit frame epoch: a wall holding another re-reads its snapshot. */
function newEpoch(): number {
  return (Math.random() * 0x1_0000_0000) >>> 0;
}
