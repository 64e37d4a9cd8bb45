'use client';
/**
 * 统计分析: billed, received, invoiced, outstanding and overdue over a range of months, by sub-district, waste type or month,
 * with the collection rate (received ÷ billed); a totals row; export as CSV (UTF-8 with BOM, so spreadsheet programs
 * read the Chinese), XLSX (from the server, the same table) and print. Amounts in 元 with separators.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/client';
import { Button, buttonClass } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import { addMonths } from '@/domain/fees/fee-values';
import { STATISTICS_COLUMNS, type StatisticsGrouping, statisticsTable, totalOf } from '@/domain/fees/statistics-table';
import { shanghaiDay } from '@/domain/shanghai-time';

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function StatisticsPanel() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const thisMonth = shanghaiDay(new Date()).slice(0, 7);
  const [from, setFrom] = useState(addMonths(thisMonth, -11));
  const [to, setTo] = useState(thisMonth);
  const [groupBy, setGroupBy] = useState<StatisticsGrouping>('subDistrict');
  const stats = useQuery(trpc.fees.statistics.queryOptions({ from, to, groupBy }));
  const rows = stats.data ?? [];
  const table = statisticsTable(t, groupBy, rows);
  const total = totalOf(rows);
  const exportCsv = () => {
    const lines = table.map((line) => line.map((v) => csvCell(v.replace(/,(?=\d{3})/g, ''))).join(','));
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
          onChange={(e) => setGroupBy(e.target.value as StatisticsGrouping)}
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
        <a
          className={buttonClass('outline')}
          data-testid="stats-xlsx"
          href={`/api/fees/statistics.xlsx?${new URLSearchParams({ from, to, groupBy }).toString()}`}
        >
          {t('fees.stats.xlsx')}
        </a>
        <Button variant="outline" onClick={() => window.print()}>
          {t('fees.stats.print')}
        </Button>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[48rem] text-left text-[0.9rem]" data-testid="stats-table">
          <thead className="text-slate-400">
            <tr>
              {table[0].map((title, j) => (
                <th key={STATISTICS_COLUMNS[j]} className={j === 0 ? '' : 'text-right'}>
                  {title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.slice(1).map((cells, i) => {
              const isTotal = i === rows.length;
              const figures = isTotal ? total : rows[i];
              return (
                <tr
                  key={isTotal ? 'total' : rows[i].key}
                  data-testid={isTotal ? 'stats-total' : 'stats-row'}
                  className={`border-t border-slate-800 ${isTotal ? 'font-semibold' : ''}`}
                >
                  {cells.map((cell, j) => (
                    <td
                      key={STATISTICS_COLUMNS[j]}
                      className={
                        j === 0
                          ? ''
                          : `text-right tabular-nums ${STATISTICS_COLUMNS[j] === 'overdue' && figures.overdueFen > 0 ? 'text-red-300' : ''}`
                      }
                    >
                      {cell}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
