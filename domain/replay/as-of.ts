/**
 * The state of a thing at a past moment T, derived from its ledger: what the replay on the wall shows. An order's
 * ledger names the state each step went to, so its state at T is the last step's at or before T; an alarm's ledger
 * names what happened (raised, acknowledged, cleared …), folded in order; a 12345 ticket has only its received and
 * closed times. Pure, so the server's reads and the tests agree on one definition: created ≤ T, not closed by T.
 */
import type { AlarmView } from '@/domain/alarms/alarm-view';

type AlarmStatus = AlarmView['status'];
/** The steps of an alarm's ledger (alarm_events.kind). */
export type AlarmEventKind = 'raised' | 'reopened' | 'acknowledged' | 'linked' | 'cleared' | 'closed' | 'escalated';

export interface LedgerStep<S> {
  /** Epoch ms. */
  at: number;
  /** Tie-breaker for steps in the same millisecond: the ledger's order. */
  seq: number;
  state: S;
}

/** The state the last step at or before `t` went to; null when nothing had happened by then (not yet created). */
export function stateAsOf<S>(steps: readonly LedgerStep<S>[], t: number): S | null {
  let last: LedgerStep<S> | null = null;
  for (const step of steps) {
    if (step.at > t) continue;
    if (!last || step.at > last.at || (step.at === last.at && step.seq > last.seq)) last = step;
  }
  return last ? last.state : null;
}

/** What each alarm ledger step does to its status; linking to an order or escalating leaves it as it was. */
const ALARM_STEP: Record<AlarmEventKind, AlarmStatus | null> = {
  raised: 'active',
  reopened: 'active',
  acknowledged: 'acknowledged',
  linked: null,
  escalated: null,
  cleared: 'cleared',
  closed: 'closed',
};

/** An alarm's status at `t` from its ledger; null when it had not been raised yet. */
export function alarmStatusAsOf(events: ReadonlyArray<{ at: number; seq: number; kind: AlarmEventKind }>, t: number): AlarmStatus | null {
  const sorted = events.filter((e) => e.at <= t).sort((a, b) => a.at - b.at || a.seq - b.seq);
  let status: AlarmStatus | null = null;
  for (const e of sorted) status = ALARM_STEP[e.kind] ?? status;
  return status;
}

/** Open at `t`: opened at or before it and not closed by then (a close exactly at `t` counts as closed). */
export function wasOpenAt(interval: { openedAt: number; closedAt: number | null }, t: number): boolean {
  return interval.openedAt <= t && (interval.closedAt === null || interval.closedAt > t);
}
