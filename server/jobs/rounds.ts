/**
 * A periodic job: `round` every `intervalMs`, never overlapping the previous round (a slow round makes the next
 * one wait, not pile up); a failed round is logged under `label` and the next one tries again. Returns `stop`,
 * which waits for a round in flight. Each round is counted and timed in the metrics under `label`.
 */
import { jobRuns, jobSeconds } from '@/server/ops/metrics';
import { logFor } from '@/server/ops/log';

const log = logFor('jobs');

export function startRounds(
  label: string,
  intervalMs: number,
  round: () => Promise<void>,
  options: { runNow?: boolean } = {},
): () => Promise<void> {
  let running: Promise<void> | null = null;
  const start = () => {
    if (running) return;
    const timer = jobSeconds.startTimer({ job: label });
    running = round()
      .then(
        () => jobRuns.inc({ job: label, outcome: 'ok' }),
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
}
