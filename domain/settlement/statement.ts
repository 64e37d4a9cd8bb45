/**
 * A settlement statement of a period (a month, the 6- or 9-month stage, the year), pure: Σ awarded unit price ×
 * accepted quantity per line, then the late-report deductions, then the performance adjustment, then the caps of
 * seed 001 六 — the settled total may exceed the awarded total by at most 10 % and never the approved budget
 * (财政批复). Every figure carries what it came from, so the screen, the PDF and the XLSX show the same trace.
 */
import { basisPointsOf, lineAmountFen } from './settlement-money';
import { LATE_DEDUCTION_BP, type ReportKind } from './deadlines';

/** The most a settled total may exceed the awarded total by: 10 %, in basis points. */
export const OVER_AWARD_LIMIT_BP = 1_000;

export interface StatementLineInput {
  lineId: number;
  label: string;
  /** null: no awarded price yet (the third party prices it, on record). */
  unitPriceHao: bigint | null;
  acceptedQuantity: bigint;
  /** Accepted quantity per month of the period (yyyy-mm → quantity), for the monthly deductions. */
  byMonth: Readonly<Record<string, bigint>>;
}

export interface LateReport {
  kind: ReportKind;
  period: string;
  /** The months the report covers: its deduction is 3 % of their amount. */
  months: readonly string[];
  dueOn: string;
  submittedOn: string;
  workingDaysLate: number;
}

export interface StatementInput {
  kind: ReportKind;
  months: readonly string[];
  lines: readonly StatementLineInput[];
  /** Late submissions whose deduction falls in this statement: reports of its months (monthly, an earlier stage) and its own. */
  lateReports: readonly LateReport[];
  /** The performance adjustment in basis points (yearly only; 0 otherwise), with the grade it comes from. */
  adjustment: { basisPoints: number; grade: string | null };
  awardedTotalFen: bigint;
  budgetFen: bigint;
}

export interface Deduction {
  reason: 'late_report';
  report: LateReport;
  /** The amount the 3 % is taken of: the amount of the report's months (the whole statement's for its own report). */
  baseFen: bigint;
  amountFen: bigint;
}

export interface Statement {
  lines: Array<StatementLineInput & { amountFen: bigint | null }>;
  unpricedLines: number;
  grossFen: bigint;
  deductions: Deduction[];
  deductionsFen: bigint;
  adjustmentFen: bigint;
  adjustment: StatementInput['adjustment'];
  /** Before the cap. */
  computedFen: bigint;
  cap: { limitFen: bigint; overAwardLimitFen: bigint; budgetFen: bigint; bindsBy: 'award' | 'budget'; applied: boolean; cutFen: bigint };
  settledFen: bigint;
}

/** The amount of some months: each line's quantity over them × its price, rounded once per line. */
export function amountOfMonths(lines: readonly StatementLineInput[], months: readonly string[]): bigint {
  let total = 0n;
  for (const line of lines) {
    if (line.unitPriceHao === null) continue;
    const quantity = months.reduce((sum, m) => sum + (line.byMonth[m] ?? 0n), 0n);
    total += lineAmountFen(line.unitPriceHao, quantity);
  }
  return total;
}

/** The cap on a settled total: the awarded total + 10 % or the approved budget, whichever is lower. */
export function settlementCap(awardedTotalFen: bigint, budgetFen: bigint) {
  const overAwardLimitFen = awardedTotalFen + basisPointsOf(awardedTotalFen, OVER_AWARD_LIMIT_BP);
  const bindsBy: 'award' | 'budget' = budgetFen < overAwardLimitFen ? 'budget' : 'award';
  return { limitFen: bindsBy === 'budget' ? budgetFen : overAwardLimitFen, overAwardLimitFen, budgetFen, bindsBy };
}

export function computeStatement(input: StatementInput): Statement {
  const lines = input.lines.map((l) => ({
    ...l,
    amountFen: l.unitPriceHao === null ? null : lineAmountFen(l.unitPriceHao, l.acceptedQuantity),
  }));
  const grossFen = lines.reduce((sum, l) => sum + (l.amountFen ?? 0n), 0n);
  const deductions: Deduction[] = input.lateReports.map((report) => {
    const baseFen = amountOfMonths(input.lines, report.months);
    return { reason: 'late_report', report, baseFen, amountFen: basisPointsOf(baseFen, LATE_DEDUCTION_BP) };
  });
  const deductionsFen = deductions.reduce((sum, d) => sum + d.amountFen, 0n);
  const adjustmentFen = basisPointsOf(grossFen - deductionsFen, input.adjustment.basisPoints);
  const computedFen = grossFen - deductionsFen + adjustmentFen;
  const cap = settlementCap(input.awardedTotalFen, input.budgetFen);
  const applied = computedFen > cap.limitFen;
  const settledFen = applied ? cap.limitFen : computedFen < 0n ? 0n : computedFen;
  return {
    lines,
    unpricedLines: lines.filter((l) => l.amountFen === null && l.acceptedQuantity > 0n).length,
    grossFen,
    deductions,
    deductionsFen,
    adjustmentFen,
    adjustment: input.adjustment,
    computedFen,
    cap: { ...cap, applied, cutFen: applied ? computedFen - cap.limitFen : 0n },
    settledFen,
  };
}
