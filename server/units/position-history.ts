/**
 * Group commit for the position history: positions from many requests are written together, one statement per
 * batch, and each request waits for the batch holding its rows. A device is answered only once its positions are
 * stored (so a tracker keeps and resends what failed), while the database sees a few statements a second however
 * many devices report. Only one batch is written at a time; the next one gathers meanwhile. A batch is written in
 * statements of `rowsPerStatement`; if one fails, the batch's requests are refused although earlier statements
 * stored their rows, and the devices' resends duplicate those (history is append-only; a duplicate fix is harmless).
 */
import type { HistoryRow } from './units.repository';

export interface HistoryWriterOptions {
  /** How long rows may wait for company before they are written. */
  flushMs: number;
  /** A batch this large is written at once. */
  maxBatch: number;
  /**
   * Rows per statement. The embedded database runs on this thread: one statement of 100 rows holds it ≈3–5 ms
   * (250 rows held it 10–25 ms, enough to push the fan-out p95 past 100 ms on two cores), and frames go out
   * between statements, so a big batch never delays positions by more than that.
   */
  rowsPerStatement: number;
}

interface PendingBatch {
  rows: HistoryRow[];
  done: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

export class PositionHistoryWriter {
  private pending: PendingBatch | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (rows: readonly HistoryRow[]) => Promise<void>,
    private readonly options: HistoryWriterOptions,
  ) {}

  /** Queues rows; resolves when they are stored, rejects if their batch failed. */
  append(rows: readonly HistoryRow[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    const batch = (this.pending ??= newBatch());
    for (const row of rows) batch.rows.push(row);
    if (batch.rows.length >= this.options.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs);
    return batch.done;
  }

  /** Writes what is queued now; resolves when every batch queued so far is settled. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = null;
    if (batch) {
      this.writing = this.writing.then(() =>
        this.writeInStatements(batch.rows).then(batch.resolve, (error: unknown) => {
          console.error(`[units] could not store ${batch.rows.length} positions:`, error);
          batch.reject(error);
        }),
      );
    }
    return this.writing;
  }

  private async writeInStatements(rows: readonly HistoryRow[]): Promise<void> {
    const step = this.options.rowsPerStatement;
    for (let start = 0; start < rows.length; start += step) {
      // A macrotask turn between statements: the embedded database answers in microtasks, which would otherwise
      // chain every statement of the batch without letting a frame, a request or a timer through.
      if (start > 0) await yieldToEventLoop();
      await this.write(rows.slice(start, start + step));
    }
  }
}

function newBatch(): PendingBatch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may be waiting (the service's final flush); an unhandled rejection must not end the process.
  done.catch(() => undefined);
  return { rows: [], done, resolve, reject };
}

export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
