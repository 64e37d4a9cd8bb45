/** Order statistics for benchmark samples. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export const median = (samples: readonly number[]) => quantile(samples, 0.5);
export const p95 = (samples: readonly number[]) => quantile(samples, 0.95);
export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** How long one call took (ms), with what it returned. */
export async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

/** A latency sample's summary as the fan-out benches report it (ms, one decimal). */
export function latencySummary(samples: readonly number[]): { median: number; p95: number; max: number; samples: number } {
  return {
    median: round(median(samples), 1),
    p95: round(p95(samples), 1),
    max: round(
      samples.reduce((a, b) => Math.max(a, b), 0),
      1,
    ),
    samples: samples.length,
  };
}
