/**
 * The one position history of every unit, real and simulated: which fixes are kept (domain/positions/sampler), the
 * group-commit writer (server/units/position-history.ts), day partitions and their retention (retention.ts), and
 * the reads a replay, a time slider and the coverage work ask for. Simulated fixes are stored with source
 * 'simulator', so every read says which tracks are demo data.
 */
import type { Kysely } from 'kysely';
import type { Database, PositionSource } from '@/db/schema';
import type { Clock } from '@/server/clock';
import { PositionSampler, type SamplerThresholds } from '@/domain/positions/sampler';
import { summarizeTrack, type TrackStop } from '@/domain/positions/track';
import { shanghaiDay } from '@/domain/shanghai-time';
import { AppError } from '@/domain/errors';
import { PositionHistoryWriter, type HistoryWriterHealth } from '../position-history';
import {
  type AreaVisit,
  type HistoryRow,
  type StoredFix,
  forgetPackedUnitDays,
  insertHistoryRows,
  selectCrossing,
  selectPositionsAt,
  selectTrack,
} from './history.repository';
import { createDayPartition, listDayPartitions } from './partitions.repository';
import { PositionRetention, type RetentionSettings } from './retention';

export interface PositionHistorySettings extends RetentionSettings {
  sampler: SamplerThresholds;
  /** Rows queued at most before the oldest are dropped. */
  maxBuffered?: number;
  flushMs?: number;
}

export interface FixInput {
  lng: number;
  lat: number;
  /** Epoch ms. */
  recordedAt: number;
  speedMps: number | null;
  headingDeg: number | null;
}

export interface UnitTrack {
  unitId: number;
  simulated: boolean;
  points: Array<{ lng: number; lat: number; at: number; speedMps: number | null }>;
  stops: TrackStop[];
  distanceM: number;
  /** More fixes than `TRACK_LIMIT` in the period: only the first ones are returned. */
  truncated: boolean;
}

export interface PositionAtMoment {
  unitId: number;
  lng: number;
  lat: number;
  at: number;
  speedMps: number | null;
  headingDeg: number | null;
  simulated: boolean;
}

/** A day of one unit at one fix every few seconds stays well below this. */
export const TRACK_LIMIT = 20_000;
/** The longest period one read may span: a week of full-resolution history. */
export const MAX_PERIOD_MS = 8 * 86_400_000;
/** Postgres error: a row fits no partition. */
const NO_PARTITION = '23514';

export class PositionHistoryService {
  readonly retention: PositionRetention;
  private readonly sampler: PositionSampler;
  private readonly writer: PositionHistoryWriter;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    settings: PositionHistorySettings,
  ) {
    this.sampler = new PositionSampler(settings.sampler);
    this.retention = new PositionRetention(db, clock, settings);
    this.writer = new PositionHistoryWriter((rows) => this.store(rows), {
      flushMs: settings.flushMs ?? 1000,
      maxBatch: 5000,
      rowsPerStatement: 1000,
      maxBuffered: settings.maxBuffered ?? 50_000,
      now: () => this.clock.now().getTime(),
    });
  }

  /**
   * Offers fixes of units to the history; the kept ones are queued. Resolves when they are stored (a device is
   * answered then), rejects when they were dropped or their write failed.
   */
  record(fixes: ReadonlyArray<{ unitId: number; fix: FixInput }>, source: PositionSource): Promise<void> {
    const rows: HistoryRow[] = [];
    for (const { unitId, fix } of fixes) {
      if (!this.sampler.offer(unitId, fix)) continue;
      rows.push({
        unitId,
        recordedAt: new Date(fix.recordedAt),
        source,
        lng: fix.lng,
        lat: fix.lat,
        speedMps: fix.speedMps,
        headingDeg: fix.headingDeg,
      });
    }
    return this.writer.append(rows);
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  health(): HistoryWriterHealth {
    return this.writer.health();
  }

  /** The writer's health and the days kept, each at full resolution or thinned, for the system administrator. */
  async status(): Promise<HistoryWriterHealth & { days: Array<{ day: string; thinned: boolean }> }> {
    // The partitions made ahead for the coming days hold nothing yet: only today and before are days kept.
    const today = shanghaiDay(this.clock.now());
    const days = (await listDayPartitions(this.db))
      .filter((p) => p.day <= today)
      .map((p) => ({ day: p.day, thinned: p.thinned }))
      .sort((a, b) => b.day.localeCompare(a.day));
    return { ...this.writer.health(), days };
  }

  /**
   * Inserts a batch; a fix for a day without a partition (a device's stored-up backlog, a clock ahead) gets its
   * day created and the batch is tried once more. Fixes of days past full resolution are not stored: their day is
   * thinned or gone. Late fixes (of a closed day) delete their units' packed days in the same transaction, so those
   * are read from the rows again, late fixes included.
   */
  private async store(rows: readonly HistoryRow[]): Promise<void> {
    const oldest = this.retention.oldestFullDay();
    const today = shanghaiDay(this.clock.now());
    const current = rows.filter((r) => shanghaiDay(r.recordedAt) >= oldest);
    const late = current.filter((r) => shanghaiDay(r.recordedAt) < today);
    const insert = () =>
      late.length === 0
        ? insertHistoryRows(this.db, current)
        : this.db.transaction().execute(async (trx) => {
            await insertHistoryRows(trx, current);
            await forgetPackedUnitDays(trx, late);
          });
    try {
      await insert();
    } catch (error) {
      if ((error as { code?: string }).code !== NO_PARTITION) throw error;
      for (const day of new Set(current.map((r) => shanghaiDay(r.recordedAt)))) await createDayPartition(this.db, day);
      await insert();
    }
  }

  async track(unitId: number, from: Date, to: Date): Promise<UnitTrack> {
    checkPeriod(from, to);
    const fixes = await selectTrack(this.db, unitId, from, to, TRACK_LIMIT + 1);
    const truncated = fixes.length > TRACK_LIMIT;
    const kept = fixes.slice(0, TRACK_LIMIT);
    const summary = summarizeTrack(kept);
    return {
      unitId,
      simulated: kept.some((f) => f.source === 'simulator'),
      points: summary.points,
      stops: summary.stops,
      distanceM: Math.round(summary.distanceM),
      truncated,
    };
  }

  async positionsAt(at: Date, lookbackS: number): Promise<PositionAtMoment[]> {
    return (await selectPositionsAt(this.db, at, lookbackS)).map(toMoment);
  }

  async crossing(area: unknown, from: Date, to: Date): Promise<AreaVisit[]> {
    checkPeriod(from, to);
    return selectCrossing(this.db, area, from, to);
  }
}

function checkPeriod(from: Date, to: Date): void {
  if (!(to.getTime() > from.getTime()))
    throw new AppError('BAD_REQUEST', 'error.positions.periodOrder', 'the period must end after it starts');
  if (to.getTime() - from.getTime() > MAX_PERIOD_MS)
    throw new AppError('BAD_REQUEST', 'error.positions.periodTooLong', 'at most 8 days per query');
}

function toMoment(f: StoredFix): PositionAtMoment {
  return {
    unitId: f.unitId,
    lng: f.lng,
    lat: f.lat,
    at: new Date(f.at).getTime(),
    speedMps: f.speedMps,
    headingDeg: f.headingDeg,
    simulated: f.source === 'simulator',
  };
}
