/**
 * How long a sign-in must wait, as pure arithmetic (the counters live in the database, sign-in-limits.ts).
 * - Per (user name, address) pair: `freeAttempts` failures, then a delay that doubles with each further failure
 *   (15 s, 30 s, 60 s …, at most `maxDelayMs`). Only this pair waits: the real user at their usual desk does not.
 * - Per user name and per address, from places where this user never signed in: past `ceiling` failures in the
 *   window, one attempt per `paceMs` — slowed, never blocked, so a guessing campaign cannot lock anyone out.
 * A success clears the pair and marks it as a known place, which the ceilings then no longer slow.
 */
export interface SignInPolicy {
  freeAttempts: number;
  windowMs: number;
  maxDelayMs: number;
  ceiling: number;
  paceMs: number;
}

const FIRST_DELAY_MS = 15_000;

export function policyFrom(maxAttempts: number, windowSeconds: number): SignInPolicy {
  const windowMs = windowSeconds * 1000;
  return {
    freeAttempts: maxAttempts,
    windowMs,
    maxDelayMs: windowMs,
    ceiling: maxAttempts * 4,
    paceMs: Math.max(1000, Math.round(windowMs / 30)),
  };
}

/** The pair's delay after its `failures`-th failure in the window; 0 while attempts are still free. */
export function pairDelayMs(failures: number, policy: SignInPolicy): number {
  if (failures < policy.freeAttempts) return 0;
  return Math.min(policy.maxDelayMs, FIRST_DELAY_MS * 2 ** Math.min(20, failures - policy.freeAttempts));
}

/** Milliseconds a ceiling-bound attempt still has to wait, given the total's failures and last failure. */
export function ceilingWaitMs(failures: number, lastFailureAt: number | null, now: number, policy: SignInPolicy): number {
  if (lastFailureAt === null || now - lastFailureAt > policy.windowMs || failures < policy.ceiling) return 0;
  return Math.max(0, lastFailureAt + policy.paceMs - now);
}

export const toSeconds = (ms: number) => (ms <= 0 ? 0 : Math.max(1, Math.ceil(ms / 1000)));
