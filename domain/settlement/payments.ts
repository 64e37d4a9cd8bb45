/**
 * The four payments of seed 001 十、（六）, each a share of the awarded contract amount (中标金额) and each paid only
 * after the supplier's invoice of the same amount is received:
 *  1. the advance: 50 % of the awarded amount;
 *  2. after the 9-month settlement: the approved 9-month amount less the advance, advance + second ≤ 70 %;
 *  3. after the yearly internal acceptance: the approved yearly amount less all paid, cumulative ≤ 80 %;
 *  4. after the final evaluation: the final settled amount less all paid; nothing when already paid in full.
 * Each result says how its cap was applied, so the screen shows it rather than a bare figure.
 */
import { basisPointsOf } from './settlement-money';

export const PAYMENT_SEQUENCE = [1, 2, 3, 4] as const;
export type PaymentNo = (typeof PAYMENT_SEQUENCE)[number];

/** Cumulative ceilings in basis points of the awarded amount; the fourth has none but the final settled amount. */
export const CUMULATIVE_CAP_BP: Record<PaymentNo, number | null> = { 1: 5_000, 2: 7_000, 3: 8_000, 4: null };

export interface PaymentInput {
  no: PaymentNo;
  awardedFen: bigint;
  /** Paid before this payment (the earlier payments). */
  paidBeforeFen: bigint;
  /** The approved amount the payment rests on: none for the advance, the 9-month, yearly or final settled amount. */
  basisFen: bigint | null;
}

export interface PaymentResult {
  no: PaymentNo;
  /** The approved basis (or the advance share) less what was paid, before the cap; may be negative. */
  dueFen: bigint;
  /** The cumulative ceiling less what was paid before; null when there is none (the balance). */
  roomFen: bigint | null;
  capFen: bigint | null;
  capApplied: boolean;
  amountFen: bigint;
  /** The balance when more was paid than finally settled: to be recovered under the finance rules. */
  overpaidFen: bigint;
}

export function computePayment(input: PaymentInput): PaymentResult {
  const capBp = CUMULATIVE_CAP_BP[input.no];
  const capFen = capBp === null ? null : basisPointsOf(input.awardedFen, capBp);
  if (input.no !== 1 && input.basisFen === null) throw new RangeError(`payment ${input.no} needs its approved amount`);
  const basis = input.no === 1 ? capFen! : input.basisFen!;
  const dueFen = basis - input.paidBeforeFen;
  const roomFen = capFen === null ? null : capFen - input.paidBeforeFen;
  const capApplied = roomFen !== null && dueFen > roomFen;
  const raw = capApplied ? roomFen! : dueFen;
  const amountFen = raw > 0n ? raw : 0n;
  return { no: input.no, dueFen, roomFen, capFen, capApplied, amountFen, overpaidFen: input.no === 4 && dueFen < 0n ? -dueFen : 0n };
}
