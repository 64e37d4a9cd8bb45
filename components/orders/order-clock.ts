/**
 * An order's running clock as of now, between server reads: which limit runs, time left (negative past it) and
 * its state (ok / nearing at ≥ 80 % used / overdue). The server's state at the last read is a floor — the deadline
 * watch also pushes 'order:deadline', which refetches — so the colour never lags the server. Pure: pass the time.
 */
import type { DeadlineState, OrderView } from './order-types';

const NEARING_FRACTION = 0.8;
const RANK: Record<DeadlineState, number> = { ok: 0, nearing: 1, overdue: 2 };

export interface LiveClock {
  running: boolean;
  /** Milliseconds until the running limit; negative once past it. */
  msLeft: number;
  state: DeadlineState;
}

type ClockedOrder = Pick<OrderView, 'clock' | 'respondBy' | 'resolveBy' | 'receivedAt'>;

export function liveClock(order: ClockedOrder, now: number): LiveClock {
  if (!order.clock.name) return { running: false, msLeft: 0, state: 'ok' };
  const limit = (order.clock.name === 'respond' ? order.respondBy : order.resolveBy).getTime();
  // The view has no clock start; intake is it except after a reopening, where the server's state still wins.
  const start = order.receivedAt.getTime();
  const msLeft = limit - now;
  const used = (now - start) / Math.max(1, limit - start);
  const local: DeadlineState = msLeft <= 0 ? 'overdue' : used >= NEARING_FRACTION ? 'nearing' : 'ok';
  const state = RANK[local] >= RANK[order.clock.state] ? local : order.clock.state;
  return { running: true, msLeft, state };
}

/** 1:05:09 / 4:59 — hours only when there are any. */
export function formatDuration(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}
