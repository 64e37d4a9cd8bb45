/**
 * Periodic jobs with several app processes on one PostgreSQL (issue 22): two processes' timers for the same job run
 * it once per interval between them, never two rounds at once, and a process that dies mid-round does not keep the
 * job from the others. (PostgreSQL only: the embedded database has one owner process, so its rounds are ungated.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { connectDatabase, type DbHandle } from '@/db/connect';
import { startRounds } from '@/server/jobs/rounds';
import { postgresRoundGate } from '@/server/jobs/round-gate';
import { freshDatabase, type TestDatabase } from './databases';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('periodic jobs across processes on postgres', () => {
  let database: TestDatabase;
  let second: DbHandle;
  const lost: string[] = [];
  beforeAll(async () => {
    database = await freshDatabase('postgres');
    second = await connectDatabase({ databaseUrl: database.databaseUrl!, onConnectionLost: (error) => lost.push(error.message) });
  });
  afterAll(async () => {
    await second.close();
    await database.drop();
  });

  it('runs a job once per interval between two processes, never two rounds at once', async () => {
    const runs: Array<{ process: string; start: number; end: number }> = [];
    const round = (process: string) => async () => {
      const start = performance.now();
      await sleep(60);
      runs.push({ process, start, end: performance.now() });
    };
    const intervalMs = 200;
    const stops = [
      startRounds('sweep', intervalMs, round('A'), { gate: postgresRoundGate(database.db), runNow: true }),
      startRounds('sweep', intervalMs, round('B'), { gate: postgresRoundGate(second.db), runNow: true }),
    ];
    await sleep(2_100);
    await Promise.all(stops.map((stop) => stop()));

    // Ungated, each process would run it ~11 times (22 in all); gated, about once per interval.
    expect(runs.length).toBeGreaterThanOrEqual(7);
    expect(runs.length).toBeLessThanOrEqual(12);
    const ordered = [...runs].sort((a, b) => a.start - b.start);
    for (let i = 1; i < ordered.length; i++) expect(ordered[i].start).toBeGreaterThanOrEqual(ordered[i - 1].end);
  });

  it('lets another process run the job once the one running it has died', async () => {
    const gateA = postgresRoundGate(database.db);
    const gateB = postgresRoundGate(second.db);
    // Process A starts a round that never ends (it hangs, then its process is killed).
    let aStarted = false;
    let endHang = () => undefined as void;
    const aRound = gateA('report', 50, async () => {
      aStarted = true;
      await new Promise<void>((resolve) => (endHang = resolve));
    }).catch(() => 'its session is gone');
    await expect.poll(() => aStarted).toBe(true);
    await sleep(100);
    let bRan = false;
    expect(await gateB('report', 50, async () => void (bRan = true))).toBe(false);

    // The process dies: its database session ends with it, and the lock with the session.
    await sql`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()`.execute(
      second.db,
    );
    await expect.poll(async () => (await gateB('report', 50, async () => void (bRan = true))) && bRan, { timeout: 5_000 }).toBe(true);
    // (The test's stand-in for the dead process lets go of its pooled connection.)
    endHang();
    expect(await aRound).toBe('its session is gone');
  });

  it('survives a connection lost between queries: reported, replaced, the next query answers', async () => {
    await second.db.connection().execute(async (session) => {
      await sql`SELECT pg_advisory_lock(1, 1)`.execute(session);
      await sql`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = 1 AND granted`.execute(database.db);
      await expect.poll(() => lost.length).toBeGreaterThanOrEqual(1);
    });
    expect(lost.join(' ')).toMatch(/terminat/);
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(second.db);
    expect(rows).toEqual([{ one: 1 }]);
  });
});
