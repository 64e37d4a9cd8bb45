/**
 * The journal of live notices (issue 22 part 4) on both dialects: a number is visible only once every lower one
 * is, so a reader that asks since(last seen) skips none — even when writers overlap and the later one would commit
 * first — and the numbering goes on, ordered and without holes, across processes and a restart.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DbHandle } from '@/db/connect';
import type { JournalEntry } from '@/domain/realtime/events';
import { createApp } from '@/server/app';
import { parseEnv } from '@/server/env';
import { NoticeJournal } from '@/server/realtime/notice-journal';
import { appendNotices } from '@/server/realtime/notice-journal.repository';
import { dialects, freshDatabase, type TestDatabase } from './databases';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A screen that polls since(last seen) until stopped, keeping every number it read, in the order read. */
function pollingReader(journal: NoticeJournal, after: number) {
  const seen: JournalEntry[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const page = await journal.since(seen.at(-1)?.notice.journal ?? after, 100);
      expect(page.reset).toBe(false);
      seen.push(...page.entries);
      await sleep(5);
    }
  })();
  return {
    numbers: () => seen.map((e) => e.notice.journal),
    names: () => seen.map((e) => (e.notice as unknown as { name: string }).name),
    async stop() {
      running = false;
      await done;
    },
  };
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await sleep(10);
  }
}

const notice = (name: string) => ({ kind: 'order', payload: { name } });

describe.each(dialects)('the journal of live notices on %s', (dialect) => {
  let database: TestDatabase;
  /** A second process's connection (PostgreSQL); the embedded database has one process. */
  let second: DbHandle | null = null;
  beforeAll(async () => {
    database = await freshDatabase(dialect);
    if (dialect === 'postgres') second = await connectDatabase({ databaseUrl: database.databaseUrl! });
  });
  afterAll(async () => {
    await second?.close();
    await database.drop();
  });

  it('never lets a later number commit before an earlier one, so a polling reader skips none', async () => {
    const journal = new NoticeJournal(database.db);
    const from = (await journal.head()) + 1;
    const reader = pollingReader(journal, from - 1);
    // A takes its number and stays open; B starts after it and would commit first.
    let releaseA!: () => void;
    const aHeld = new Promise<void>((resolve) => (releaseA = resolve));
    let aNumbered!: (n: number) => void;
    const aNumber = new Promise<number>((resolve) => (aNumbered = resolve));
    const a = database.db.transaction().execute(async (tx) => {
      const [{ seq: n }] = await appendNotices(tx, [notice('A')]);
      aNumbered(n);
      await aHeld;
      return n;
    });
    await aNumber;
    const b = (second ?? database).db.transaction().execute(async (tx) => (await appendNotices(tx, [notice('B')]))[0].seq);
    // With numbers that commit out of order, B would be committed by now and read (and A then skipped for good).
    await sleep(300);
    expect(reader.numbers()).toEqual([]);
    releaseA();
    expect(await Promise.all([a, b])).toEqual([from, from + 1]);
    await until(() => reader.numbers().length >= 2);
    await sleep(50);
    await reader.stop();
    expect(reader.numbers()).toEqual([from, from + 1]);
    expect(reader.names()).toEqual(['A', 'B']);
  });

  it('keeps a notice the database refused and writes it, in order, once the database answers again', async () => {
    const journal = new NoticeJournal(database.db);
    const sent: string[] = [];
    const order = (name: string) => ({ kind: 'order', notice: { name } }) as unknown as Parameters<NoticeJournal['record']>[0];
    await sql`ALTER TABLE live_notices RENAME TO live_notices_away`.execute(database.db);
    journal.record(order('first'), () => sent.push('first'));
    journal.record(order('second'), () => sent.push('second'));
    await journal.settled(1500);
    expect(sent).toEqual([]); // not written, so not sent
    await sql`ALTER TABLE live_notices_away RENAME TO live_notices`.execute(database.db);
    await journal.settled(5000);
    expect(sent).toEqual(['first', 'second']);
  });

  it('gives two processes writing at once one numbering, read gap-free and once each', async () => {
    const journals = [new NoticeJournal(database.db), new NoticeJournal((second ?? database).db)];
    const from = (await journals[0].head()) + 1;
    const reader = pollingReader(journals[0], from - 1);
    const sent: Array<{ name: string; journal: number }> = [];
    for (let i = 0; i < 40; i++) {
      const name = `P${i % 2}-${i}`;
      journals[i % 2].record({ kind: 'order', notice: { name } as never }, (journal) => sent.push({ name, journal }));
      if (i % 7 === 0) await sleep(3);
    }
    await Promise.all(journals.map((j) => j.flushed()));
    await until(() => reader.numbers().length >= 40);
    await sleep(50);
    await reader.stop();
    const expected = Array.from({ length: 40 }, (_, i) => from + i);
    expect(reader.numbers()).toEqual(expected);
    expect([...sent].sort((x, y) => x.journal - y.journal).map((s) => s.name)).toEqual(reader.names());
    // Within one process, notices go out in their order and in number order.
    for (const p of ['P0', 'P1']) {
      const own = sent.filter((s) => s.name.startsWith(p));
      expect(own.map((s) => s.journal)).toEqual([...own.map((s) => s.journal)].sort((x, y) => x - y));
    }
  });

  it('goes on ordered and gap-free across a restart, pages through what was missed, and says when it was pruned', async () => {
    const env = parseEnv({ SIMULATOR: 'off', NODE_ENV: 'test' });
    const start = async () => createApp(env, { ...database, close: async () => undefined });
    const before = await start();
    const head = await before.services.noticeJournal.head();
    for (let i = 0; i < 3; i++)
      before.services.liveHub.orderNotice({ type: 'order:assigned', orderId: i, code: `O-${i}`, unitIds: [1], at: i });
    before.services.liveHub.alarmNotice({ alarm: { id: 7 } as never, sound: false });
    await before.services.noticeJournal.flushed();
    await before.close();

    const after = await start();
    for (let i = 3; i < 5; i++)
      after.services.liveHub.orderNotice({ type: 'order:assigned', orderId: i, code: `O-${i}`, unitIds: [1], at: i });
    await after.services.noticeJournal.flushed();

    const read: JournalEntry[] = [];
    for (let more = true; more;) {
      const page = await after.services.noticeJournal.since(read.at(-1)?.notice.journal ?? head, 2);
      expect(page.reset).toBe(false);
      read.push(...page.entries);
      more = page.more;
    }
    expect(read.map((e) => e.notice.journal)).toEqual([1, 2, 3, 4, 5, 6].map((i) => head + i));
    expect(read.map((e) => (e.kind === 'order' ? e.notice.code : `alarm ${e.notice.alarm.id}`))).toEqual([
      'O-0',
      'O-1',
      'O-2',
      'alarm 7',
      'O-3',
      'O-4',
    ]);

    // Retention: a screen whose last number was pruned reloads everything; one that is current is not told to.
    await after.services.noticeJournal.prune(new Date(Date.now() + 2 * 24 * 3600_000));
    expect(await after.services.noticeJournal.since(head, 10)).toMatchObject({ reset: true, head: head + 6 });
    expect(await after.services.noticeJournal.since(head + 6, 10)).toEqual({ reset: false, entries: [], head: head + 6, more: false });
    // A number from another database (ahead of this one's head) is no place to continue from either.
    expect((await after.services.noticeJournal.since(head + 100, 10)).reset).toBe(true);
    await after.close();
  });
});
