/**
 * A periodic job: `round` every `intervalMs`, never overlapping the previous round (a slow round makes the next
 * one wait, not pile up); a failed round is logged under `label` and the next one tries again. Returns `stop`,
 * which waits for a round in flight. Each round is counted and timed in the metrics under `label`.
 * With a gate (round-gate.ts: several processes on one PostgreSQL), a round another process runs is skipped here.
 */
import { jobRuns, jobSeconds } from '@/server/ops/metrics';
import { logFor } from '@/server/ops/log';
import type { RoundGate } from './round-gate';

const log = logFor('jobs');

export interface RoundOptions {
  runNow?: boolean;
  gate?: RoundGate;
}

export type StartRounds = (label: string, intervalMs: number, round: () => Promise<void>, options?: RoundOptions) => () => Promise<void>;

export const startRounds: StartRounds = (label, intervalMs, round, options = {}) => {
  let running: Promise<void> | null = null;
  const gated = options.gate ? () => options.gate!(label, intervalMs, round) : () => round().then(() => true);
  const start = () => {
    if (running) return;
    const timer = jobSeconds.startTimer({ job: label });
    running = gated()
      .then(
        (ran) => jobRuns.inc({ job: label, outcome: ran ? 'ok' : 'skipped' }),
        (error: unknown) => {
          jobRuns.inc({ job: label, outcome: 'failed' });
          log.error('round failed', error, { job: label });
        },
      )
      .finally(() => {
        timer();
        running = null;
      });
  };
  if (options.runNow) start();
  const interval = setInterval(start, intervalMs);
  interval.unref();
  return async () => {
    clearInterval(interval);
    await running;
  };
};

/** `startRounds` with every job behind one gate (or none), for the composition root to hand to each part. */
export function roundsBehind(gate: RoundGate | undefined): StartRounds {
  return (label, intervalMs, round, options = {}) => startRounds(label, intervalMs, round, { ...options, gate });
}
