/**
 * Periodic jobs when several app processes share one PostgreSQL (issue 22): each process keeps its timers, and a
 * gate decides which one runs a round. A round runs
 *  - in one process at a time: a session advisory lock, which PostgreSQL itself releases when a process dies
 *    mid-round (no lease to expire, no lock row to clean up);
 *  - once per interval across all processes: the job's last start is kept in job_rounds, and a process whose timer
 *    fires within the interval of another's start skips the round.
 * The embedded database has one owner process, so it needs no gate.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';

/** Runs `round` if this process should; resolves with whether it ran. */
export type RoundGate = (job: string, intervalMs: number, round: () => Promise<void>) => Promise<boolean>;

/** The advisory-lock class of OneMap's jobs (the first key of the two-key lock; the second is the job's hash). */
const JOB_LOCK_CLASS = 0x4f4d;
/** Timers in different processes drift: a start within this share of the interval counts as the same round. */
const SAME_ROUND_SHARE = 0.9;

export function postgresRoundGate(db: Kysely<Database>): RoundGate {
  return (job, intervalMs, round) =>
    db.connection().execute(async (session) => {
      const { rows } = await sql<{ taken: boolean }>`SELECT pg_try_advisory_lock(${JOB_LOCK_CLASS}, hashtext(${job})) AS taken`.execute(
        session,
      );
      if (!rows[0].taken) return false;
      try {
        const claimed = await sql`INSERT INTO job_rounds (job, started_at) VALUES (${job}, now())
          ON CONFLICT (job) DO UPDATE SET started_at = excluded.started_at
          WHERE job_rounds.started_at <= now() - make_interval(secs => ${(intervalMs * SAME_ROUND_SHARE) / 1000}::float8)
          RETURNING job`.execute(session);
        if (claimed.rows.length === 0) return false;
        await round();
        return true;
      } finally {
        await sql`SELECT pg_advisory_unlock(${JOB_LOCK_CLASS}, hashtext(${job}))`.execute(session);
      }
    });
}
