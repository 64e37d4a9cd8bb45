/**
 * Sign-in failure counters in the database (both dialects), so every process sees the same counts. The policy
 * itself is in sign-in-policy.ts; this module reads and writes the rows.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import { ceilingWaitMs, pairDelayMs, type SignInPolicy } from './sign-in-policy';

const ANY = '*';

export interface FailureOutcome {
  /** Set when this failure started a wait for the pair (a lockout, audited). */
  pairLockedMs: number;
  /** Set when this failure brought the user name's total to the ceiling (from then on: slowed). */
  userCeilingReached: boolean;
}

export class SignInLimits {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly policy: SignInPolicy,
    private readonly now: () => number,
  ) {}

  /** Milliseconds this pair must wait before trying, 0 if it may try now. */
  async waitMs(username: string, address: string): Promise<number> {
    const rows = await this.db
      .selectFrom('sign_in_limits')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb.and([eb('username', '=', username), eb('address', '=', address)]),
          eb.and([eb('username', '=', username), eb('address', '=', ANY)]),
          eb.and([eb('username', '=', ANY), eb('address', '=', address)]),
        ]),
      )
      .execute();
    const now = this.now();
    const pair = rows.find((r) => r.username === username && r.address === address);
    let wait = pair?.blocked_until ? new Date(pair.blocked_until).getTime() - now : 0;
    // The user's usual place is not slowed by failures elsewhere.
    if (!pair?.last_success_at) {
      for (const total of rows.filter((r) => r !== pair)) {
        const last = total.last_failure_at ? new Date(total.last_failure_at).getTime() : null;
        wait = Math.max(wait, ceilingWaitMs(total.failures, last, now, this.policy));
      }
    }
    return Math.max(0, wait);
  }

  async recordFailure(username: string, address: string): Promise<FailureOutcome> {
    const pairFailures = await this.count(username, address);
    const userFailures = await this.count(username, ANY);
    await this.count(ANY, address);
    const delay = pairDelayMs(pairFailures, this.policy);
    if (delay > 0) {
      await this.db
        .updateTable('sign_in_limits')
        .set({ blocked_until: new Date(this.now() + delay) })
        .where('username', '=', username)
        .where('address', '=', address)
        .execute();
    }
    return { pairLockedMs: delay, userCeilingReached: userFailures === this.policy.ceiling };
  }

  /** A success clears the pair's counter and remembers the place as this user's. */
  async recordSuccess(username: string, address: string): Promise<void> {
    const now = new Date(this.now());
    await this.db
      .insertInto('sign_in_limits')
      .values({ username, address, failures: 0, last_failure_at: null, blocked_until: null, last_success_at: now })
      .onConflict((oc) => oc.columns(['username', 'address']).doUpdateSet({ failures: 0, blocked_until: null, last_success_at: now }))
      .execute();
  }

  /** Counters idle for longer than the window carry no information; the sweep keeps the table small. */
  async sweep(): Promise<void> {
    const before = new Date(this.now() - this.policy.windowMs);
    await this.db
      .deleteFrom('sign_in_limits')
      .where('last_success_at', 'is', null)
      .where('last_failure_at', '<', before)
      .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', new Date(this.now()))]))
      .execute();
  }

  /** One more failure for the row, restarting the count when the last failure is older than the window. */
  private async count(username: string, address: string): Promise<number> {
    const now = new Date(this.now());
    const windowStart = new Date(this.now() - this.policy.windowMs);
    const row = await this.db
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
}
