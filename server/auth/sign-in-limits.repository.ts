/** All SQL of the sign-in failure counters (table sign_in_limits); the logic is in sign-in-limits.ts. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';

/** The pair's row and the two totals' rows (the user name from anywhere, the address for anyone). */
export function limitRows(db: Kysely<Database>, username: string, address: string, any: string) {
  return db
    .selectFrom('sign_in_limits')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('username', '=', username), eb('address', '=', address)]),
        eb.and([eb('username', '=', username), eb('address', '=', any)]),
        eb.and([eb('username', '=', any), eb('address', '=', address)]),
      ]),
    )
    .execute();
}

export async function blockPairUntil(db: Kysely<Database>, username: string, address: string, until: Date): Promise<void> {
  await db
    .updateTable('sign_in_limits')
    .set({ blocked_until: until })
    .where('username', '=', username)
    .where('address', '=', address)
    .execute();
}

export async function recordPairSuccess(db: Kysely<Database>, username: string, address: string, at: Date): Promise<void> {
  await db
    .insertInto('sign_in_limits')
    .values({ username, address, failures: 0, last_failure_at: null, blocked_until: null, last_success_at: at })
    .onConflict((oc) => oc.columns(['username', 'address']).doUpdateSet({ failures: 0, blocked_until: null, last_success_at: at }))
    .execute();
}

/** Drops counters with no success whose last failure is before `idleBefore` and that block no one at `now`. */
export async function sweepIdleLimits(db: Kysely<Database>, idleBefore: Date, now: Date): Promise<void> {
  await db
    .deleteFrom('sign_in_limits')
    .where('last_success_at', 'is', null)
    .where('last_failure_at', '<', idleBefore)
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', now)]))
    .execute();
}

/** One more failure for the row in one statement (no lost count under concurrency), restarting the count when the last failure is before `windowStart`. */
export async function countFailure(db: Kysely<Database>, username: string, address: string, now: Date, windowStart: Date): Promise<number> {
  const row = await db
    .insertInto('sign_in_limits')
    .values({ username, address, failures: 1, last_failure_at: now })
    .onConflict((oc) =>
      oc.columns(['username', 'address']).doUpdateSet({
        failures: sql<number>`CASE WHEN sign_in_limits.last_failure_at IS NULL OR sign_in_limits.last_failure_at < ${windowStart}
            THEN 1 ELSE sign_in_limits.failures + 1 END`,
        last_failure_at: now,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return row.failures;
}
