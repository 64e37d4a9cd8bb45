/**
 * Settlement money, exact. Amounts are integer 分 held as bigint; unit prices are integer 毫 (0.0001 元 = 1/100 分)
 * because the catalogue prices interface calls at 0.004 元 a call. The one rounding rule: a figure that is not a
 * whole number of 分 (a line's price × quantity, a percentage of an amount) is rounded once, half up (四舍五入) to
 * the nearest 分, where it is computed; sums of rounded figures are exact and never rounded again.
 */

/** 毫 per 分. */
const HAO_PER_FEN = 100n;

/** Divides rounding half up (all settlement figures are non-negative before deductions are subtracted). */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const rounded = (abs * 2n + denominator) / (denominator * 2n);
  return negative ? -rounded : rounded;
}

/** A line's amount: unit price (毫) × quantity, in 分, rounded half up. */
export function lineAmountFen(unitPriceHao: bigint, quantity: bigint): bigint {
  return divideHalfUp(unitPriceHao * quantity, HAO_PER_FEN);
}

/** `percent` (in basis points: 300 = 3 %) of an amount in 分, rounded half up. */
export function basisPointsOf(amountFen: bigint, basisPoints: number): bigint {
  return divideHalfUp(amountFen * BigInt(basisPoints), 10_000n);
}

/**
 * A decimal price in 元 as written ("45000", "0.004", "0.07") as integer 毫, exactly (parsed as digits, never
 * through floating point); null when it has more than four decimals or is not a non-negative number.
 */
export function haoOfYuanText(text: string): bigint | null {
  const m = /^\s*(\d{1,12})(?:\.(\d{1,4}))?\s*$/.exec(text);
  if (!m) return null;
  return BigInt(m[1]!) * 10_000n + BigInt((m[2] ?? '').padEnd(4, '0'));
}

/** 毫 written as 元 with as many decimals as it needs (at least two): "45,000.00", "0.004". */
export function yuanOfHao(hao: bigint): string {
  const whole = (hao / 10_000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = (hao % 10_000n)
    .toString()
    .padStart(4, '0')
    .replace(/0{1,2}$/, '')
    .replace(/0$/, '');
  return `${whole}.${fraction.length < 2 ? fraction.padEnd(2, '0') : fraction}`;
}
