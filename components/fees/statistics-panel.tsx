'use client';
/**
 * 统计分析: billed, received, outstanding and overdue over a range of months, by sub-district, waste type or month,
 * with the collection rate (received ÷ billed); a totals row; export as CSV (UTF-8 with BOM, so spreadsheet programs
 * read the Chinese) and print.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import { addMonths } from '@/domain/fees/fee-values';
import { yuan } from '@/domain/fees/money';
import { shanghaiDay } from '@/domain/shanghai-time';
import { monthText, moneyText } from './fee-format';

type Grouping = 'subDistrict' | 'wasteType' | 'month';

/** Received ÷ billed as a percentage with one decimal, in integers (no floating point on money). */
function rate(receivedFen: number, billedFen: number): string {
  if (billedFen === 0) return '—';
  const permille = Math.round((receivedFen * 1000) / billedFen);
  return `${Math.floor(permille / 10)}.${permille % 10}%`;
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function StatisticsPanel() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const thisMonth = shanghaiDay(new Date()).slice(0, 7);
  const [from, setFrom] = useState(addMonths(thisMonth, -11));
  const [to, setTo] = useState(thisMonth);
  const [groupBy, setGroupBy] = useState<Grouping>('subDistrict');
  const stats = useQuery(trpc.fees.statistics.queryOptions({ from, to, groupBy }));
  const rows = stats.data ?? [];
  const labelOf = (r: { key: string; label: string }) =>
    groupBy === 'wasteType' ? t(`fees.wasteType.${r.key}`) : groupBy === 'month' ? monthText(t, r.key) : r.label || t('fees.stats.noArea');
  const total = rows.reduce(
    (sum, r) => ({
      contracts: sum.contracts + r.contracts,
      billedFen: sum.billedFen + r.billedFen,
      receivedFen: sum.receivedFen + r.receivedFen,
      outstandingFen: sum.outstandingFen + r.outstandingFen,
      overdueFen: sum.overdueFen + r.overdueFen,
      overdueBills: sum.overdueBills + r.overdueBills,
    }),
    { contracts: 0, billedFen: 0, receivedFen: 0, outstandingFen: 0, overdueFen: 0, overdueBills: 0 },
  );
  const columns = ['group', 'contracts', 'billed', 'received', 'outstanding', 'rate', 'overdue', 'overdueBills'] as const;
  const cells = (label: string, r: typeof total) => [
    label,
    String(r.contracts),
    yuan(r.billedFen),
    yuan(r.receivedFen),
    yuan(r.outstandingFen),
    rate(r.receivedFen, r.billedFen),
    yuan(r.overdueFen),
    String(r.overdueBills),
  ];
  const exportCsv = () => {
    const lines = [
      columns.map((c) => t(`fees.stats.col.${c}`)),
      ...rows.map((r) => cells(labelOf(r), r)),
      cells(t('fees.stats.total'), total),
    ].map((line) => line.map((v) => csvCell(v.replace(/,(?=\d{3})/g, ''))).join(','));
    const blob = new Blob([`\uFEFF${lines.join('\n')}\n`], { type: 'text/csv;charset=utf-8' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `清费云统计-${from}-${to}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };
  return (
    <section data-testid="fees-stats" className="space-y-3">
      <div className="flex flex-wrap items-center gap-2" data-print-hide>
        <Input type="month" aria-label={t('fees.stats.from')} value={from} onChange={(e) => e.target.value && setFrom(e.target.value)} />
        <span>—</span>
        <Input type="month" aria-label={t('fees.stats.to')} value={to} onChange={(e) => e.target.value && setTo(e.target.value)} />
        <Select
          aria-label={t('fees.stats.groupBy')}
          value={groupBy}
          onChange={(e) => setGroupBy(e.target.value as Grouping)}
          data-testid="stats-group"
        >
          {(['subDistrict', 'wasteType', 'month'] as const).map((g) => (
            <option key={g} value={g}>
              {t(`fees.stats.by.${g}`)}
            </option>
          ))}
        </Select>
        <Button variant="outline" onClick={exportCsv} disabled={rows.length === 0} data-testid="stats-csv">
          {t('fees.stats.csv')}
        </Button>
        <Button variant="outline" onClick={() => window.print()}>
          {t('fees.stats.print')}
        </Button>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[48rem] text-left text-[0.9rem]" data-testid="stats-table">
          <thead className="text-slate-400">
            <tr>
              {columns.map((c) => (
                <th key={c} className={c === 'group' ? '' : 'text-right'}>
                  {t(`fees.stats.col.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...rows.map((r) => ({ id: r.key, label: labelOf(r), r })), { id: 'total', label: t('fees.stats.total'), r: total }].map(
              ({ id, label, r }) => (
                <tr
                  key={id}
                  data-testid={id === 'total' ? 'stats-total' : 'stats-row'}
                  className={`border-t border-slate-800 ${id === 'total' ? 'font-semibold' : ''}`}
                >
                  <td>{label}</td>
                  <td className="text-right tabular-nums">{r.contracts}</td>
                  <td className="text-right tabular-nums">{moneyText(r.billedFen)}</td>
                  <td className="text-right tabular-nums">{moneyText(r.receivedFen)}</td>
                  <td className="text-right tabular-nums">{moneyText(r.outstandingFen)}</td>
                  <td className="text-right tabular-nums">{rate(r.receivedFen, r.billedFen)}</td>
                  <td className={`text-right tabular-nums ${r.overdueFen > 0 ? 'text-red-300' : ''}`}>{moneyText(r.overdueFen)}</td>
                  <td className="text-right tabular-nums">{r.overdueBills}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
