/**
 * Where an order stands against its limits: which clock runs (respond until a unit accepts, resolve until the
 * handler reports it done), whether it is nearing (≥ 80 % of the time used) or past its limit, and how far up
 * the supervision chain (督办) it has to go. Pure: the caller passes the time.
 */
import type { Role } from '@/domain/auth/roles';
import type { DeadlineState, OrderStatus } from './order-values';

export const NEARING_FRACTION = 0.8;

/**
 * 分级督办: an overdue order is escalated to the dispatchers at once, to the duty officer an hour later and to
 * the leaders two hours later, each step recorded on the order.
 */
export const ESCALATION_CHAIN: ReadonlyArray<{ level: 1 | 2 | 3; role: Role; afterOverdueMinutes: number }> = [
  { level: 1, role: 'dispatcher', afterOverdueMinutes: 0 },
  { level: 2, role: 'duty_officer', afterOverdueMinutes: 60 },
  { level: 3, role: 'leader', afterOverdueMinutes: 120 },
];

/** States in which no clock runs: the handler is done (awaiting the check) or the order is finished. */
const STOPPED: ReadonlySet<OrderStatus> = new Set(['awaiting_check', 'closed', 'voided']);

export interface DeadlineInput {
  status: OrderStatus;
  /** When the clocks started: intake, or the last reopening. */
  clockStartedAt: Date;
  respondBy: Date;
  resolveBy: Date;
  respondedAt: Date | null;
}

export type DeadlineClock = 'respond' | 'resolve';

export interface DeadlineStanding {
  /** The clock that decides the state (the worse of the running ones); null when no clock runs. */
  clock: DeadlineClock | null;
  state: DeadlineState;
  /** Minutes until that clock's limit; negative once past it. */
  minutesLeft: number | null;
  /** Escalation level the order should have reached by now (0 = none). */
  escalationLevel: number;
}

const MINUTE_MS = 60_000;

function stateOf(start: Date, limit: Date, now: Date): DeadlineState {
  const total = limit.getTime() - start.getTime();
  const used = now.getTime() - start.getTime();
  if (used >= total) return 'overdue';
  return used >= total * NEARING_FRACTION ? 'nearing' : 'ok';
}

const rank: Record<DeadlineState, number> = { ok: 0, nearing: 1, overdue: 2 };

export function evaluateDeadline(order: DeadlineInput, now: Date): DeadlineStanding {
  if (STOPPED.has(order.status)) return { clock: null, state: 'ok', minutesLeft: null, escalationLevel: 0 };
  const running: Array<{ clock: DeadlineClock; limit: Date }> = [];
  if (!order.respondedAt) running.push({ clock: 'respond', limit: order.respondBy });
  running.push({ clock: 'resolve', limit: order.resolveBy });

  let worst = { clock: running[0].clock, limit: running[0].limit, state: stateOf(order.clockStartedAt, running[0].limit, now) };
  for (const r of running.slice(1)) {
    const state = stateOf(order.clockStartedAt, r.limit, now);
    // The worse state wins; between equal states the earlier limit, which is the more pressing one.
    if (rank[state] > rank[worst.state] || (rank[state] === rank[worst.state] && r.limit < worst.limit)) worst = { ...r, state };
  }
  const minutesLeft = (worst.limit.getTime() - now.getTime()) / MINUTE_MS;
  const overdueMinutes = -minutesLeft;
  const escalationLevel =
    worst.state === 'overdue'
      ? Math.max(0, ...ESCALATION_CHAIN.filter((s) => overdueMinutes >= s.afterOverdueMinutes).map((s) => s.level))
      : 0;
  return { clock: worst.clock, state: worst.state, minutesLeft, escalationLevel };
}
