/**
 * The journal of live notices (issue 22 part 4): every alarm and order notice a map screen hears is written here
 * and carries its number (`journal`), so a screen that reconnects — to this process or another on the same
 * database — asks since(last applied) and gets exactly what it missed, in order.
 *
 * Why numbers taken under a lock rather than reading below the oldest running transaction: a screen needs one
 * number per notice that is final the moment it hears it. The writer takes its numbers by updating one head row
 * (notice-journal.repository.ts), and that row lock lasts until its commit, so the next writer waits: numbers
 * commit in order and without holes, the same in both dialects (PGlite has one connection and serialises anyway),
 * and a screen that hears N knows 1..N are all committed — a hole in what it heard may be one it missed. The lock is
 * held for one short statement, after the change itself has committed, so writers queue only for that.
 * Within this process the notices are written in batches and sent in number order. A batch the database refuses
 * (PostgreSQL restarting) is tried again for up to a minute before it is given up. A person's change is answered
 * only once its notices are journaled (`settled`, used by every tRPC mutation and every raw HTTP
 * write: server/http/answer-after-notices.ts), so a process killed after answering cannot take an acknowledged
 * change's notice with it. A district's walls hear only their district's notices (district_code, migration 0072), so
 * to them the numbers have holes that are other districts', and a catch-up read returns only their own.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { AlarmNotice } from '@/domain/alarms/alarm-view';
import type { OrderNotice } from '@/domain/orders/order-notice';
import type { JournalEntry } from '@/domain/realtime/events';
import { logFor } from '@/server/ops/log';
import { appendNotices, journalHead, noticesAfter, oldestNotice, pruneNotices } from './notice-journal.repository';
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';

const log = logFor('notice-journal');

/** A batch the database refused is tried again this often, this many times (a restart of PostgreSQL takes seconds). */
const RETRY_MS = 1000;
const MAX_TRIES = 60;

/** The longest a change's answer waits for its notices to be journaled (longer means the database is away). */
export const NOTICE_ANSWER_WAIT_MS = 3000;

/** How long entries are kept: a screen away longer than this reloads everything instead (it is told `reset`). */
export const NOTICE_RETENTION_MS = 24 * 3600_000;

export type SendNotice = (journal: number, districtCode: string | null) => void;

export type NoticeToJournal = { kind: 'alarm'; notice: AlarmNotice } | { kind: 'order'; notice: OrderNotice };

export interface JournalPage {
  /** `after` is older than what is kept (or from another database): reload everything, then follow from `head`. */
  reset: boolean;
  entries: JournalEntry[];
  /** The last number given when this page was read. */
  head: number;
  /** More entries follow the last one of this page: ask again from it. */
  more: boolean;
}

export class NoticeJournal {
  private pending: Array<{ entry: NoticeToJournal; send: SendNotice; tries: number }> = [];
  private writing: Promise<void> | null = null;

  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Journals a notice, then hands `send` its number and the district it concerns (the journal finds it: an order's,
   * an alarm's object's); notices recorded here are sent in number order.
   */
  record(entry: NoticeToJournal, send: SendNotice): void {
    this.pending.push({ entry, send, tries: 0 });
    this.writing ??= this.writeAll().finally(() => (this.writing = null));
  }

  /** Resolves once everything recorded so far is written (and sent). */
  async flushed(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Resolves once everything recorded so far is written, or after `maxWaitMs` (the database away), whichever first. */
  settled(maxWaitMs: number): Promise<void> {
    if (!this.writing) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, maxWaitMs);
      void this.flushed().then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private async writeAll(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, 200);
      try {
        const numbered = await appendNotices(
          this.db,
          batch.map((b) => ({ kind: b.entry.kind, payload: b.entry.notice })),
        );
        batch.forEach((b, i) => b.send(numbered[i].seq, numbered[i].districtCode));
      } catch (error) {
        // Not journaled, so not sent either: a screen shows nothing the journal cannot give it again.
        const again = batch.filter((b) => ++b.tries < MAX_TRIES);
        if (again.length < batch.length) log.error('journal write failed: notices dropped', error, { count: batch.length - again.length });
        else log.warn(`journal write failed; trying again in ${RETRY_MS} ms`, { error: String(error), count: batch.length });
        this.pending.unshift(...again);
        await new Promise((retry) => setTimeout(retry, RETRY_MS));
      }
    }
  }

  /** The last number given. */
  head(): Promise<number> {
    return journalHead(this.db);
  }

  /**
   * What was journaled after `after` for the scope's walls, oldest first, at most `limit`. A district's walls skip the
   * other districts' numbers, so whether entries were pruned is told by the oldest number kept, not by a hole.
   */
  async since(after: number, limit: number, scope: DistrictScope = CITY_SCOPE): Promise<JournalPage> {
    // The head first: every number up to it had committed, so each must be among the rows read next unless pruned.
    const head = await journalHead(this.db);
    const rows = await noticesAfter(this.db, after, limit, scope);
    const oldest = after < head ? await oldestNotice(this.db) : null;
    const pruned = after < head && (oldest === null || oldest > after + 1);
    if (after > head || pruned) return { reset: true, entries: [], head, more: false };
    const entries = rows.map((r) => ({ kind: r.kind, notice: { ...(r.payload as object), journal: r.seq } }) as JournalEntry);
    return { reset: false, entries, head, more: rows.length === limit };
  }

  /** The retention round: entries older than NOTICE_RETENTION_MS go. */
  prune(now: Date): Promise<number> {
    return pruneNotices(this.db, new Date(now.getTime() - NOTICE_RETENTION_MS));
  }
}
