/**
 * A settlement statement as rows of text, in the reader's language: the one layout the screen, the PDF and the
 * XLSX share, so every figure they show is the same and traceable to its lines. Amounts are 元 with two decimals.
 */
import { yuan } from '@/domain/fees/money';
import { yuanOfHao } from './settlement-money';

type T = (key: string, params?: Record<string, string | number>) => string;

export interface StatementFiguresLike {
  kind: string;
  period: string;
  months: readonly string[];
  lines: ReadonlyArray<{
    lineNo: number;
    name: string;
    channel: string;
    unit: string;
    unitPriceHao: bigint | null;
    quantity: bigint;
    amountFen: bigint | null;
  }>;
  grossFen: bigint;
  deductions: ReadonlyArray<{
    kind: string;
    period: string;
    dueOn: string;
    submittedOn: string;
    workingDaysLate: number;
    baseFen: bigint;
    amountFen: bigint;
  }>;
  deductionsFen: bigint;
  adjustment: { basisPoints: number; grade: string | null; assumption: boolean };
  adjustmentFen: bigint;
  computedFen: bigint;
  cap: { limitFen: bigint; bindsBy: 'award' | 'budget'; applied: boolean; cutFen: bigint };
  settledFen: bigint;
}

export function periodLabel(t: T, kind: string, period: string, months: readonly string[]): string {
  return t(`settlement.period.${kind}`, { period, from: months[0] ?? '', to: months[months.length - 1] ?? '' });
}

/** Why a deduction was taken, in words: which report, its day, when it came (or that it has not), how late. */
export function deductionReason(t: T, d: StatementFiguresLike['deductions'][number]): string {
  const report = t(`settlement.report.${d.kind}`, { period: d.period });
  return d.submittedOn
    ? t('settlement.deduction.late', { report, due: d.dueOn, on: d.submittedOn, days: d.workingDaysLate })
    : t('settlement.deduction.missing', { report, due: d.dueOn, days: d.workingDaysLate });
}

export function statementHeader(t: T): string[] {
  return [
    t('settlement.col.no'),
    t('settlement.col.item'),
    t('settlement.col.unit'),
    t('settlement.col.price'),
    t('settlement.col.quantity'),
    t('settlement.col.amount'),
  ];
}

/** The line rows: number, item (and channel), unit, unit price, accepted quantity, amount. */
export function statementLineRows(t: T, f: StatementFiguresLike): string[][] {
  return f.lines.map((l) => [
    String(l.lineNo),
    `${l.name}（${t(`settlement.channel.${l.channel}`)}）`,
    l.unit,
    l.unitPriceHao === null ? t('settlement.unpriced') : yuanOfHao(l.unitPriceHao),
    l.quantity.toString(),
    l.amountFen === null ? '—' : yuan(l.amountFen),
  ]);
}

/** An amount taken off, written with its minus sign (none on nothing: "0.00", never "-0.00"). */
const minus = (fen: bigint) => (fen === 0n ? yuan(0n) : `-${yuan(fen)}`);

/** The totals, top to bottom: gross, each deduction with its reason, the grade adjustment, the cap, the settled total. */
export function statementTotalRows(t: T, f: StatementFiguresLike): Array<[string, string]> {
  const rows: Array<[string, string]> = [[t('settlement.total.gross'), yuan(f.grossFen)]];
  for (const d of f.deductions)
    rows.push([`${t('settlement.total.deduction')}：${deductionReason(t, d)}（3% × ${yuan(d.baseFen)}）`, minus(d.amountFen)]);
  if (f.adjustment.grade !== null)
    rows.push([
      t('settlement.total.adjustment', {
        grade: t(`settlement.grade.${f.adjustment.grade}`),
        percent: (f.adjustment.basisPoints / 100).toFixed(2),
      }) + (f.adjustment.assumption ? t('settlement.assumption') : ''),
      yuan(f.adjustmentFen),
    ]);
  rows.push([t('settlement.total.computed'), yuan(f.computedFen)]);
  rows.push([
    t(f.cap.applied ? 'settlement.cap.applied' : 'settlement.cap.within', {
      bound: t(`settlement.cap.${f.cap.bindsBy}`),
      limit: yuan(f.cap.limitFen),
      cut: yuan(f.cap.cutFen),
    }),
    minus(f.cap.applied ? f.cap.cutFen : 0n),
  ]);
  rows.push([t('settlement.total.settled'), yuan(f.settledFen)]);
  return rows;
}
