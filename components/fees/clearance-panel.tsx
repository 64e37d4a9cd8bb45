'use client';
/**
 * 清运作业 for a month: the clerk issues the month's work orders; the company accepts its orders and uploads the
 * actual volumes (CSV/XLSX, checked row by row: import all or only the valid rows); everyone with access reads
 * contracted against actual, overages (over the tariff's threshold, recorded for billing) first and highlighted.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { SpreadsheetImport } from '@/components/ui/spreadsheet-import';
import { addMonths } from '@/domain/fees/fee-values';
import { shanghaiDay } from '@/domain/shanghai-time';
import { monthText, moneyText, quantityText } from './fee-format';

function IssueOrders({ month }: { month: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const issue = useMutation(
    trpc.fees.issueOrders.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.fees.pathKey() }) }),
  );
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button variant="confirm" data-testid="clearance-issue" disabled={issue.isPending} onClick={() => issue.mutate({ month })}>
        {t('fees.ui.issueOrders', { month: monthText(t, month) })}
      </Button>
      {issue.data ? <span data-testid="clearance-issued">{t('fees.ui.ordersIssued', { n: issue.data.issued })}</span> : null}
      {issue.error ? (
        <span role="alert" className="text-red-300">
          {errorMessage(issue.error)}
        </span>
      ) : null}
    </div>
  );
}

function Orders({ month }: { month: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const orders = useQuery(trpc.fees.orders.queryOptions({ month, limit: 200 }));
  const accept = useMutation(
    trpc.fees.acceptOrder.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.fees.pathKey() }) }),
  );
  const rows = orders.data ?? [];
  return (
    <div className="space-y-2">
      <h3 className="font-semibold">{t('fees.ui.orders', { n: rows.length })}</h3>
      {accept.error ? (
        <p role="alert" className="text-red-300">
          {errorMessage(accept.error)}
        </p>
      ) : null}
      <ul
        className="max-h-[24rem] divide-y divide-slate-800 overflow-y-auto rounded border border-slate-700"
        data-testid="clearance-orders"
      >
        {rows.map((o) => (
          <li
            key={o.id}
            data-testid="clearance-order"
            data-contract={o.contract_code}
            data-status={o.status}
            className="flex flex-wrap items-center gap-2 p-2 text-[0.9rem]"
          >
            <span className="w-full font-mono md:w-auto">{o.code}</span>
            <span className="min-w-0 flex-1">
              {o.payer_name} · {o.payer_address} · {t(`fees.wasteType.${o.waste_type}`)} · {quantityText(t, o.monthly_quantity, o.unit)}
              {can('fees:collect') ? null : ` · ${o.company_name}`}
            </span>
            <span>{t(`fees.order.${o.status}`)}</span>
            {can('fees:collect') && o.status === 'issued' ? (
              <Button
                variant="confirm"
                data-testid="clearance-accept"
                disabled={accept.isPending}
                onClick={() => accept.mutate({ id: o.id, expectedVersion: o.version })}
              >
                {t('fees.ui.accept')}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function UploadVolumes() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const run = useMutation(
    trpc.fees.uploadVolumes.mutationOptions({
      onSuccess: (report) => {
        if (report.imported > 0) void queryClient.invalidateQueries({ queryKey: trpc.fees.pathKey() });
      },
    }),
  );
  return (
    <div data-testid="volumes-upload" className="space-y-2 rounded-lg border border-slate-700 bg-slate-900/70 p-3 text-[0.9rem]">
      <h3 className="font-semibold">{t('fees.ui.uploadTitle')}</h3>
      <p className="text-[0.8rem] text-slate-400">{t('fees.ui.uploadColumns')}</p>
      <SpreadsheetImport run={run} messagePrefix="fees.import" testIdPrefix="volumes">
        {(report) =>
          report.overages.map((o) => (
            <p key={o.row} role="status" data-testid="volumes-overage" className="text-amber-200">
              ⚠{' '}
              {t('fees.ui.overageWarning', {
                row: o.row,
                code: o.contractCode,
                month: monthText(t, o.month),
                contracted: o.contracted,
                actual: o.actual,
                excess: o.excess,
                amount: moneyText(o.excessAmountFen),
              })}
            </p>
          ))
        }
      </SpreadsheetImport>
    </div>
  );
}

function Ledger({ month }: { month: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const ledger = useQuery(trpc.fees.clearance.queryOptions({ month }));
  const rows = ledger.data ?? [];
  const overages = rows.filter((r) => r.excess !== null).length;
  return (
    <div className="space-y-2">
      <h3 className="font-semibold">
        {t('fees.ui.ledgerTitle', { month: monthText(t, month) })}{' '}
        {overages ? <span className="text-amber-300">{t('fees.ui.overageCount', { n: overages })}</span> : null}
      </h3>
      {rows.length === 0 ? <p className="text-slate-400">{t('fees.ui.noVolumes')}</p> : null}
      <div className="max-h-[32rem] overflow-auto">
        <table className="w-full min-w-[40rem] text-left text-[0.9rem]" data-testid="clearance-ledger">
          <thead className="text-slate-400">
            <tr>
              <th>{t('fees.ui.contract')}</th>
              <th>{t('fees.ui.payer')}</th>
              <th>{t('fees.ui.wasteType')}</th>
              <th className="text-right">{t('fees.ui.contracted')}</th>
              <th className="text-right">{t('fees.ui.actual')}</th>
              <th className="text-right">{t('fees.ui.overage')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.contract_id}
                data-testid="clearance-ledger-row"
                data-contract={r.code}
                data-overage={r.excess !== null ? 'yes' : 'no'}
                className={`border-t border-slate-800 ${r.excess !== null ? 'bg-amber-900/30 text-amber-100' : ''}`}
              >
                <td className="font-mono">{r.code}</td>
                <td>{r.payer_name}</td>
                <td>{t(`fees.wasteType.${r.waste_type}`)}</td>
                <td className="text-right tabular-nums">{r.contracted}</td>
                <td className="text-right tabular-nums">{r.actual}</td>
                <td className="text-right tabular-nums">
                  {r.excess !== null ? `⚠ +${r.excess} · ${moneyText(r.excess_amount_fen ?? 0)}` : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function ClearancePanel() {
  const { t } = useI18n();
  const { can } = useSession();
  const thisMonth = shanghaiDay(new Date()).slice(0, 7);
  const [month, setMonth] = useState(addMonths(thisMonth, -1));
  return (
    <section data-testid="fees-clearance" className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-2">
          {t('fees.ui.month')}
          <Input type="month" data-testid="clearance-month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
        </label>
        {can('fees:review') ? <IssueOrders month={month} /> : null}
      </div>
      {can('fees:collect') || can('fees:review') ? <Orders month={month} /> : null}
      {can('fees:collect') || can('fees:review') ? <UploadVolumes /> : null}
      <Ledger month={month} />
    </section>
  );
}
