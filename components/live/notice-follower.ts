/**
 * A map screen's follower of the journal of live notices (alarm and order notices; notice-journal.ts on the
 * server): it hands its listeners every notice once, in journal order, with none skipped.
 *
 * Live notices are applied as they come while they come in order. A hole (a notice from another process overtook
 * one, or one was lost), and every (re)connection, start a catch-up: live.since(last applied), page after page;
 * notices heard meanwhile are held and merged by number, so nothing is applied twice. The first time (and when
 * `last` is older than the journal keeps, `reset`), there is nothing to continue from: the listeners reload
 * everything (`reset()`), and the follower continues from the journal's head read before that reload.
 */
import type { JournalEntry } from '@/domain/realtime/events';
import type { LiveSocket } from './live-socket';
import { type NoticeOrder, restartAt, takeInOrder } from './notice-order';

export interface NoticeListener {
  /** One notice, in journal order. */
  entry?(entry: JournalEntry): void;
  /** Reload everything: notices before now were not (all) delivered. */
  reset?(): void;
}

/** The server side, over tRPC: the journal's head, and a page of what came after a number. */
export interface JournalSource {
  head(): Promise<number>;
  since(after: number): Promise<{ reset: boolean; entries: JournalEntry[]; head: number; more: boolean }>;
}

export type NoticeSocket = Pick<LiveSocket, 'on' | 'subscribe' | 'getState'>;

export const JOURNALED_EVENTS = [
  'alarm:changed',
  'order:changed',
  'order:assigned',
  'order:deadline',
  'order:escalated',
  'order:told',
] as const;

/** After a failed catch-up (the server busy or gone), the next try. */
const RETRY_MS = 2_000;

export class NoticeFollower {
  /** Null until the first catch-up found where to start. */
  private order: NoticeOrder | null = null;
  private early: JournalEntry[] = [];
  private catching = false;
  private again = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<NoticeListener>();
  private stops: Array<() => void> = [];
  private connectionsSeen = 0;

  constructor(
    private readonly socket: NoticeSocket,
    private readonly source: JournalSource,
  ) {}

  start(): void {
    this.stops = [
      ...JOURNALED_EVENTS.map((event) =>
        this.socket.on(event, ((notice: JournalEntry['notice']) =>
          this.heard([{ kind: event === 'alarm:changed' ? 'alarm' : 'order', notice } as JournalEntry])) as never),
      ),
      this.socket.subscribe(() => this.connectionChanged()),
    ];
    this.connectionChanged();
  }

  stop(): void {
    this.stops.forEach((stop) => stop());
    if (this.retry) clearTimeout(this.retry);
  }

  listen(listener: NoticeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The last number applied (null before the first catch-up). */
  get last(): number | null {
    return this.order?.last ?? null;
  }

  private connectionChanged(): void {
    const { status, connections } = this.socket.getState();
    if (status !== 'connected' || connections === this.connectionsSeen) return;
    // Notices sent before this connection were not heard on it.
    this.connectionsSeen = connections;
    this.catchUp();
  }

  private heard(entries: JournalEntry[]): void {
    if (!this.order) {
      this.early.push(...entries);
      return;
    }
    if (this.apply(entries)) this.catchUp();
  }

  /** Applies what is next in line; true if some are held behind a hole. */
  private apply(entries: readonly JournalEntry[]): boolean {
    const { order, ready, hole } = takeInOrder(this.order!, entries);
    this.order = order;
    for (const entry of ready) this.listeners.forEach((l) => l.entry?.(entry));
    return hole;
  }

  private restart(head: number): void {
    this.order = restartAt(this.order ?? { last: head, held: new Map() }, head);
    this.listeners.forEach((l) => l.reset?.());
  }

  private catchUp(): void {
    if (this.catching) {
      this.again = true;
      return;
    }
    this.catching = true;
    void (async () => {
      do {
        this.again = false;
        await this.readMissed();
      } while (this.again);
    })()
      .catch(() => {
        if (this.retry) clearTimeout(this.retry);
        this.retry = setTimeout(() => this.catchUp(), RETRY_MS);
      })
      .finally(() => (this.catching = false));
  }

  private async readMissed(): Promise<void> {
    if (!this.order) {
      // The head is read before the listeners reload, so their reload holds everything up to it.
      this.restart(await this.source.head());
      const early = this.early;
      this.early = [];
      this.apply(early);
    }
    for (;;) {
      const page = await this.source.since(this.order!.last);
      if (page.reset) {
        this.restart(page.head);
        continue;
      }
      this.apply(page.entries);
      if (!page.more) return;
    }
  }
}
