import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '@/domain/realtime/events';
import type { LiveSocketState } from './live-socket';
import { type JournalSource, NoticeFollower, type NoticeSocket } from './notice-follower';

const alarm = (journal: number): JournalEntry => ({ kind: 'alarm', notice: { alarm: { id: journal } as never, sound: false, journal } });
const order = (journal: number): JournalEntry => ({ kind: 'order', notice: { type: 'order:assigned', journal } as never });

/** A socket the test drives: connections, and notices pushed on it. */
function fakeSocket() {
  const handlers = new Map<string, Set<(payload: unknown) => void>>();
  const listeners = new Set<() => void>();
  let state: LiveSocketState = { status: 'connecting', refusedKey: null, connections: 0 };
  const socket: NoticeSocket = {
    on: ((event: string, handler: (payload: unknown) => void) => {
      const set = handlers.get(event) ?? new Set();
      handlers.set(event, set);
      set.add(handler);
      return () => set.delete(handler);
    }) as NoticeSocket['on'],
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getState: () => state,
  };
  const setState = (next: LiveSocketState) => {
    state = next;
    listeners.forEach((l) => l());
  };
  return {
    socket,
    connect: () => setState({ status: 'connected', refusedKey: null, connections: state.connections + 1 }),
    disconnect: () => setState({ ...state, status: 'disconnected' }),
    push: (e: JournalEntry) => handlers.get(e.kind === 'alarm' ? 'alarm:changed' : 'order:assigned')?.forEach((h) => h(e.notice)),
  };
}

/** The server's journal: committed entries from 1, pruned below `oldest`; each since() can be held open. */
function fakeJournal(pageSize = 3) {
  const entries: JournalEntry[] = [];
  let oldest = 1;
  let gate: Promise<void> | null = null;
  const source: JournalSource = {
    head: async () => entries.length,
    since: async (after) => {
      const head = entries.length;
      await gate;
      if (after > head || (after < head && after + 1 < oldest)) return { reset: true, entries: [], head, more: false };
      const page = entries.slice(after, Math.min(after + pageSize, head));
      return { reset: false, entries: page, head, more: after + page.length < head };
    },
  };
  return {
    source,
    commit: (make: (n: number) => JournalEntry) => {
      const e = make(entries.length + 1);
      entries.push(e);
      return e;
    },
    prune: (below: number) => (oldest = below),
    hold: () => {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = null;
        release();
      };
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function follow(socket: NoticeSocket, source: JournalSource) {
  const follower = new NoticeFollower(socket, source);
  const applied: number[] = [];
  let resets = 0;
  follower.listen({ entry: (e) => applied.push(e.notice.journal), reset: () => resets++ });
  follower.start();
  return { follower, applied, resets: () => resets };
}

describe('a map screen following the journal of live notices', () => {
  it('starts from the head (reloading everything once), then applies live notices in order', async () => {
    const s = fakeSocket();
    const j = fakeJournal();
    j.commit(alarm);
    j.commit(order);
    const f = follow(s.socket, j.source);
    s.connect();
    await settle();
    expect(f.resets()).toBe(1);
    expect(f.follower.last).toBe(2);
    s.push(j.commit(alarm));
    s.push(j.commit(order));
    expect(f.applied).toEqual([3, 4]);
  });

  it('after a reconnection applies what it missed, in order, page by page, and nothing twice', async () => {
    const s = fakeSocket();
    const j = fakeJournal(3);
    const f = follow(s.socket, j.source);
    s.connect();
    await settle();
    s.push(j.commit(alarm));
    s.disconnect();
    for (let i = 0; i < 7; i++) j.commit(i % 2 ? order : alarm); // missed while away
    s.connect();
    await settle();
    // A repeat of one already applied and one caught up, heard late: dropped.
    s.push(alarm(1));
    s.push(alarm(5));
    expect(f.applied).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(f.resets()).toBe(1);
  });

  it('holds live notices that arrive during the catch-up and applies each once, after the missed ones', async () => {
    const s = fakeSocket();
    const j = fakeJournal(2);
    const f = follow(s.socket, j.source);
    s.connect();
    await settle();
    s.disconnect();
    j.commit(alarm);
    j.commit(order);
    j.commit(alarm);
    const release = j.hold();
    s.connect(); // the catch-up reads since(0) and waits
    await settle();
    s.push(j.commit(order)); // 4, live while the catch-up is under way
    s.push(j.commit(alarm)); // 5
    expect(f.applied).toEqual([]);
    release();
    await settle();
    await settle();
    expect(f.applied).toEqual([1, 2, 3, 4, 5]);
  });

  it('fills a hole in what it hears live (a notice overtaken, or lost) from the journal', async () => {
    const s = fakeSocket();
    const j = fakeJournal();
    const f = follow(s.socket, j.source);
    s.connect();
    await settle();
    s.push(j.commit(alarm));
    j.commit(order); // 2: never heard live
    s.push(j.commit(alarm)); // 3: held, and 2 is read
    await settle();
    expect(f.applied).toEqual([1, 2, 3]);
  });

  it('reloads everything when what it missed is older than the journal keeps', async () => {
    const s = fakeSocket();
    const j = fakeJournal();
    const f = follow(s.socket, j.source);
    s.connect();
    await settle();
    s.push(j.commit(alarm));
    s.disconnect();
    for (let i = 0; i < 5; i++) j.commit(order);
    j.prune(4); // 2 and 3 are gone
    s.connect();
    await settle();
    expect(f.resets()).toBe(2);
    expect(f.follower.last).toBe(6);
    expect(f.applied).toEqual([1]);
    s.push(j.commit(alarm));
    expect(f.applied).toEqual([1, 7]);
  });
});
