/**
 * A periodic job: `round` every `intervalMs`, never overlapping the previous round (a slow round makes the next
 * one wait, not pile up); a failed round is logged under `label` and the next one tries again. Returns `stop`,
 * which waits for a round in flight.
 */
export function startRounds(
  label: string,
  intervalMs: number,
  round: () => Promise<void>,
  options: { runNow?: boolean } = {},
): () => Promise<void> {
  let running: Promise<void> | null = null;
  const start = () => {
    if (running) return;
    running = round()
      .catch((error: unknown) => console.error(`[${label}] round failed:`, error))
      .finally(() => (running = null));
  };
  if (options.runNow) start();
  const timer = setInterval(start, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
