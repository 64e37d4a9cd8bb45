/**
 * 统计分析 as a table of texts — the header, a row per group and the totals row — built once for the screen, the CSV
 * and the XLSX export, so the three always show the same figures. Pure.
 */
import { yuan } from './money';

export type StatisticsGrouping = 'subDistrict' | 'wasteType' | 'month';

export interface StatisticsFigures {
  contracts: number;
  billedFen: number;
  receivedFen: number;
  invoicedFen: number;
  outstandingFen: number;
  overdueFen: number;
  overdueBills: number;
}

export const STATISTICS_COLUMNS = [
  'group',
  'contracts',
  'billed',
  'received',
  'invoiced',
  'outstanding',
  'rate',
  'overdue',
  'overdueBills',
] as const;

type T = (key: string, params?: Record<string, string | number>) => string;

/** Received ÷ billed as a percentage with one decimal, in integers (no floating point on money). */
export function collectionRate(receivedFen: number, billedFen: number): string {
  if (billedFen === 0) return '—';
  const permille = Math.round((receivedFen * 1000) / billedFen);
  return `${Math.floor(permille / 10)}.${permille % 10}%`;
}

export function totalOf(rows: readonly StatisticsFigures[]): StatisticsFigures {
  const total: StatisticsFigures = {
    contracts: 0,
    billedFen: 0,
    receivedFen: 0,
    invoicedFen: 0,
    outstandingFen: 0,
    overdueFen: 0,
    overdueBills: 0,
  };
  for (const r of rows) for (const k of Object.keys(total) as Array<keyof StatisticsFigures>) total[k] += r[k];
  return total;
}

/** A group's name as shown: a waste type or month translated, a sub-district by its name. */
export function groupLabel(t: T, groupBy: StatisticsGrouping, row: { key: string; label: string }): string {
  if (groupBy === 'wasteType') return t(`fees.wasteType.${row.key}`);
  if (groupBy === 'month') {
    const [y, m] = row.key.split('-').map(Number);
    return t('fees.ui.monthLabel', { y, m, mm: row.key.slice(5, 7) });
  }
  return row.label || t('fees.stats.noArea');
}

/** One row's cells, amounts in 元 with two decimals. */
export function figureCells(label: string, r: StatisticsFigures): string[] {
  return [
    label,
    String(r.contracts),
    yuan(r.billedFen),
    yuan(r.receivedFen),
    yuan(r.invoicedFen),
    yuan(r.outstandingFen),
    collectionRate(r.receivedFen, r.billedFen),
    yuan(r.overdueFen),
    String(r.overdueBills),
  ];
}

/** Header, group rows and the totals row, as texts. */
export function statisticsTable(
  t: T,
  groupBy: StatisticsGrouping,
  rows: ReadonlyArray<StatisticsFigures & { key: string; label: string }>,
): string[][] {
  return [
    STATISTICS_COLUMNS.map((c) => t(`fees.stats.col.${c}`)),
    ...rows.map((r) => figureCells(groupLabel(t, groupBy, r), r)),
    figureCells(t('fees.stats.total'), totalOf(rows)),
  ];
}
