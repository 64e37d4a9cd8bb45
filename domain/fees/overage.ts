/**
 * Contracted against actual volume: an overage is recorded when the actual exceeds the contracted quantity by
 * more than the tariff's threshold (10 % unless the tariff says otherwise); the whole excess is then charged at
 * the contract's unit price. Pure.
 */
export interface Overage {
  excess: number;
  excessAmountFen: number;
}

export function overageOf(contracted: number, actual: number, thresholdPercent: number, unitPriceFen: number): Overage | null {
  // Integer arithmetic: actual > contracted × (1 + p/100)  ⇔  100 × actual > contracted × (100 + p).
  if (100 * actual <= contracted * (100 + thresholdPercent)) return null;
  const excess = actual - contracted;
  return { excess, excessAmountFen: excess * unitPriceFen };
}
