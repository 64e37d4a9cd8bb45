/**
 * Group commit for the position history, off the frame path. Kept fixes from devices and the simulator are queued
 * and written together (one INSERT … unnest per `rowsPerStatement` rows) every `flushMs` or as soon as `maxBatch`
 * rows wait; one batch is written at a time and the next gathers meanwhile, so the database sees a few statements a
 * second however many units report.
 *
 * Frames never wait for history: positions reach the screen through the live registry before anything here runs.
 * The queue is bounded (`maxBuffered` rows): when a slow disk or a burst fills it, the OLDEST queued requests are
 * dropped (counted, logged, their devices told to resend) rather than memory growing or anything blocking.
 * A failed write (disk full, database gone) refuses that batch, raises the `failing` flag the administrator sees
 * (positions.health) and logs; the flag clears, with a log line, at the next write that succeeds.
 * A device request resolves once its rows are stored, so a tracker keeps and resends what failed.
 */
import type { HistoryRow } from './history/history.repository';
import { logFor } from '@/server/ops/log';

const log = logFor('positions');

export interface HistoryWriterOptions {
  /** How long rows may wait for company before they are written. */
  flushMs: number;
  /** A batch this large is written at once. */
  maxBatch: number;
  /**
   * Rows per statement. The embedded database answers on its owner thread, but results come back on this one; a
   * statement of 100 rows keeps each turn short, and frames go out between statements.
   */
  rowsPerStatement: number;
  /** Queued rows beyond this drop the oldest queued requests. */
  maxBuffered: number;
  now?: () => number;
}

export interface HistoryWriterHealth {
  /** Rows waiting to be written. */
  queued: number;
  written: number;
  /** Rows dropped because the queue was full. */
  dropped: number;
  /** Rows refused because their write failed. */
  failed: number;
  /** Epoch ms since which writes fail; null while they succeed. */
  failingSince: number | null;
  lastError: string | null;
}

/** Why a request's positions were not stored: the queue overflowed before they could be written. */
export class HistoryOverflowError extends Error {
  constructor() {
    super('position history queue full: oldest positions dropped');
  }
}

interface Entry {
  rows: readonly HistoryRow[];
  resolve(): void;
  reject(error: unknown): void;
}

/** Overflow is logged at most this often (a burst drops many requests). */
const OVERFLOW_LOG_MS = 10_000;

export class PositionHistoryWriter {
  private queue: Entry[] = [];
  private queuedRows = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private loop: Promise<void> | null = null;
  private readonly stats = { written: 0, dropped: 0, failed: 0 };
  private failingSince: number | null = null;
  private lastError: string | null = null;
  private lastOverflowLog = -Infinity;
  private readonly now: () => number;

  constructor(
    private readonly write: (rows: readonly HistoryRow[]) => Promise<void>,
    private readonly options: HistoryWriterOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Queues rows; resolves when they are stored, rejects if they were dropped or their write failed. */
  append(rows: readonly HistoryRow[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.queue.push({ rows, resolve, reject }));
    // Simulated fixes have nobody waiting; an unhandled rejection must not end the process.
    done.catch(() => undefined);
    this.queuedRows += rows.length;
    this.dropOldestBeyondBound();
    if (this.queuedRows >= this.options.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs);
    return done;
  }

  /** Writes what is queued; resolves when the queue is empty and no write is in flight. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.loop ??= this.drain().finally(() => (this.loop = null));
    return this.loop;
  }

  health(): HistoryWriterHealth {
    return { queued: this.queuedRows, ...this.stats, failingSince: this.failingSince, lastError: this.lastError };
  }

  private dropOldestBeyondBound(): void {
    let dropped = 0;
    while (this.queuedRows > this.options.maxBuffered && this.queue.length > 1) {
      const oldest = this.queue.shift()!;
      this.queuedRows -= oldest.rows.length;
      dropped += oldest.rows.length;
      oldest.reject(new HistoryOverflowError());
    }
    if (dropped === 0) return;
    this.stats.dropped += dropped;
    if (this.now() - this.lastOverflowLog >= OVERFLOW_LOG_MS) {
      this.lastOverflowLog = this.now();
      log.warn(`history queue full (${this.options.maxBuffered} rows): dropped the oldest`, { droppedSoFar: this.stats.dropped });
    }
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      this.queuedRows = 0;
      const rows = batch.flatMap((e) => e.rows);
      try {
        await this.writeInStatements(rows);
        this.stats.written += rows.length;
        if (this.failingSince !== null) log.info('history writes succeed again');
        this.failingSince = null;
        for (const entry of batch) entry.resolve();
      } catch (error) {
        this.stats.failed += rows.length;
        this.lastError = error instanceof Error ? error.message : String(error);
        this.failingSince ??= this.now();
        log.error(`could not store ${rows.length} positions`, error);
        for (const entry of batch) entry.reject(error);
      }
    }
  }

  private async writeInStatements(rows: readonly HistoryRow[]): Promise<void> {
    const step = this.options.rowsPerStatement;
    for (let start = 0; start < rows.length; start += step) {
      // A macrotask turn between statements, so frames, requests and timers get through during a big batch.
      if (start > 0) await yieldToEventLoop();
      await this.write(rows.slice(start, start + step));
    }
  }
}

export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
