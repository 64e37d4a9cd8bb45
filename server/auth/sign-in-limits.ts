/**
 * Sign-in failure counters in the database (both dialects), so every process sees the same counts. The policy
 * itself is in sign-in-policy.ts; this module reads and writes the rows.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import * as repo from './sign-in-limits.repository';
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
    const rows = await repo.limitRows(this.db, username, address, ANY);
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
    if (delay > 0) await repo.blockPairUntil(this.db, username, address, new Date(this.now() + delay));
    return { pairLockedMs: delay, userCeilingReached: userFailures === this.policy.ceiling };
  }

  /** A success clears the pair's counter and remembers the place as this user's. */
  async recordSuccess(username: string, address: string): Promise<void> {
    await repo.recordPairSuccess(this.db, username, address, new Date(this.now()));
  }

  /** Counters idle for longer than the window carry no information; the sweep keeps the table small. */
  async sweep(): Promise<void> {
    await repo.sweepIdleLimits(this.db, new Date(this.now() - this.policy.windowMs), new Date(this.now()));
  }

  private count(username: string, address: string): Promise<number> {
    return repo.countFailure(this.db, username, address, new Date(this.now()), new Date(this.now() - this.policy.windowMs));
  }
}
