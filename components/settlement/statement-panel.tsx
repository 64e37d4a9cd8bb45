'use client';
/**
 * A statement of a period (a month, the 6- or 9-month stage, the year): every line's price × accepted quantity,
 * the late-report deductions with their reasons, the grade adjustment and the cap — the same rows as its PDF and XLSX
 * (domain/settlement/statement-table). The third party reviews it, the bureau approves it, and then it is frozen.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button, buttonClass } from '@/components/ui/button';
import { Select } from '@/components/ui/field';
import { formatDate } from '@/domain/i18n/format';
import { periodLabel, statementHeader, statementLineRows, statementTotalRows } from '@/domain/settlement/statement-table';
import type { ContractSummary } from './settlement-types';

type Kind = 'monthly' | 'stage6' | 'stage9' | 'yearly';

export function StatementPanel({ contract }: { contract: ContractSummary }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [choice, setChoice] = useState('stage9/S9');
  const [kind, period] = choice.split('/') as [Kind, string];
  const statement = useQuery(trpc.settlement.statement.queryOptions({ contractId: contract.id, kind, period }));
  const done = { onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.settlement.pathKey() }) };
  const review = useMutation(trpc.settlement.reviewStatement.mutationOptions(done));
  const approve = useMutation(trpc.settlement.approveStatement.mutationOptions(done));
  const f = statement.data?.figures;
  const record = statement.data?.record ?? null;
  const file = `/api/settlement/statements/${contract.id}/${kind}/${period}`;
  const options = [
    ...contract.months.map((m) => ({ value: `monthly/${m}`, label: t('settlement.report.monthly', { period: m }) })),
    { value: 'stage6/S6', label: t('settlement.report.stage6') },
    { value: 'stage9/S9', label: t('settlement.report.stage9') },
    { value: 'yearly/Y', label: t('settlement.report.yearly') },
  ];
  return (
    <section data-testid="settlement-statement" className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <Select data-testid="statement-period" value={choice} onChange={(e) => setChoice(e.target.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
        <span data-testid="statement-status" className="text-[0.9rem]">
          {t(`settlement.statement.${record?.status ?? 'draft'}`)}
          {record ? ` · ${record.reviewedBy} ${formatDate(record.reviewedAt, locale)}` : ''}
          {record?.approvedBy && record.approvedAt ? ` · ${record.approvedBy} ${formatDate(record.approvedAt, locale)}` : ''}
        </span>
        {can('settlement:review') && record?.status !== 'approved' ? (
          <Button
            variant="secondary"
            data-testid="statement-review"
            disabled={review.isPending}
            onClick={() => review.mutate({ contractId: contract.id, kind, period })}
          >
            {t('settlement.reviewStatement')}
          </Button>
        ) : null}
        {can('settlement:approve') && record?.status === 'reviewed' ? (
          <Button
            variant="confirm"
            data-testid="statement-approve"
            disabled={approve.isPending}
            onClick={() => approve.mutate({ statementId: record.id, version: record.version })}
          >
            {t('settlement.approveStatement')}
          </Button>
        ) : null}
        <a
          className={buttonClass('outline', 'sm', 'ml-auto')}
          data-testid="statement-pdf"
          href={`${file}.pdf`}
          target="_blank"
          rel="noreferrer"
        >
          {t('settlement.printPdf')}
        </a>
        <a className={buttonClass('outline', 'sm')} data-testid="statement-pdf-download" href={`${file}.pdf?download=1`} download>
          {t('settlement.downloadPdf')}
        </a>
        <a className={buttonClass('outline', 'sm')} data-testid="statement-xlsx" href={`${file}.xlsx`} download>
          {t('settlement.downloadXlsx')}
        </a>
      </div>
      {review.error || approve.error ? (
        <p role="alert" className="text-red-300">
          {errorMessage(review.error ?? approve.error)}
        </p>
      ) : null}
      {f ? (
        <>
          <h2 className="font-semibold">{periodLabel(t, f.kind, f.period, f.months)}</h2>
          {f.pendingDecisions > 0 ? <p className="text-amber-300">{t('settlement.pendingN', { n: f.pendingDecisions })}</p> : null}
          {f.unpricedLines > 0 ? <p className="text-amber-300">{t('settlement.unpricedN', { n: f.unpricedLines })}</p> : null}
          <div className="overflow-x-auto rounded border border-slate-700">
            <table className="w-full min-w-[56rem] text-[0.85rem]">
              <thead className="bg-slate-900 text-left text-slate-400">
                <tr>
                  {statementHeader(t).map((h, i) => (
                    <th key={h} className={`p-2 ${i >= 3 ? 'text-right' : ''}`}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {statementLineRows(t, f).map((row) => (
                  <tr key={row[0]} data-testid="statement-line" className="border-t border-slate-800">
                    {row.map((cell, i) => (
                      <td key={i} className={`p-2 ${i >= 3 ? 'text-right' : ''}`}>
                        {cell}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <table className="w-full max-w-[70rem] text-[0.9rem]" data-testid="statement-totals">
            <tbody>
              {statementTotalRows(t, f).map(([label, value], i, all) => (
                <tr
                  key={label}
                  data-testid={i === all.length - 1 ? 'statement-settled' : 'statement-total'}
                  className={i === all.length - 1 ? 'border-t border-slate-600 font-semibold' : ''}
                >
                  <td className="p-1">{label}</td>
                  <td className="p-1 text-right" data-testid="statement-value">
                    {value}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
