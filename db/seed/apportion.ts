/** Splits a whole number of things among shares (largest-remainder method), so totals come out exact. */

/**
 * `total` split in proportion to `weights`, each share at least `minimum`; ties go to the earlier share, so the
 * answer is stable. Throws when the minimums alone exceed the total or no weight is positive.
 */
export function apportion(total: number, weights: readonly number[], minimum = 0): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`apportion: total must be an integer ≥ 0, got ${total}`);
  if (!Number.isInteger(minimum) || minimum < 0) throw new RangeError(`apportion: minimum must be an integer ≥ 0, got ${minimum}`);
  if (weights.length === 0) throw new RangeError('apportion: no shares');
  if (weights.some((w) => !(w >= 0))) throw new RangeError('apportion: weights must be ≥ 0');
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weightSum <= 0) throw new RangeError('apportion: at least one weight must be > 0');
  const spare = total - minimum * weights.length;
  if (spare < 0) throw new RangeError(`apportion: ${weights.length} shares of at least ${minimum} exceed the total ${total}`);

  const exact = weights.map((w) => (spare * w) / weightSum);
  const shares = exact.map((x) => minimum + Math.floor(x));
  let left = total - shares.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, remainder: x - Math.floor(x) })).sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    shares[i]++;
    left--;
  }
  return shares;
}
