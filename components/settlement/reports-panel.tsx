'use client';
/**
 * The report calendar: every report of the service year with its due day (working days on the official calendar),
 * what was submitted when, and what is late — with the 3 % deduction and its reason. The supplier submits (online, or
 * records one delivered on paper with the third party's receipt); the third party returns it for revision or accepts.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { yuan } from '@/domain/fees/money';
import type { ReportRow } from './settlement-types';

function SubmitForm({ contractId, row }: { contractId: number; row: ReportRow }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [summary, setSummary] = useState('');
  const [offline, setOffline] = useState(false);
  const [deliveredOn, setDeliveredOn] = useState('');
  const [receiptRef, setReceiptRef] = useState('');
  const submit = useMutation(
    trpc.settlement.submitReport.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.settlement.pathKey() }),
    }),
  );
  return (
    <form
      data-testid="report-submit"
      className="grid gap-2 rounded border border-slate-700 bg-slate-900/70 p-2 md:grid-cols-4"
      onSubmit={(e) => {
        e.preventDefault();
        submit.mutate({ contractId, kind: row.kind, period: row.period, summary, offline: offline ? { deliveredOn, receiptRef } : null });
      }}
    >
      <Field label={t('settlement.reportSummary')} className="block space-y-1 md:col-span-2">
        <Input wide data-testid="report-summary" value={summary} onChange={(e) => setSummary(e.target.value)} />
      </Field>
      <label className="flex items-center gap-2 self-end">
        <input type="checkbox" data-testid="report-offline" checked={offline} onChange={(e) => setOffline(e.target.checked)} />
        {t('settlement.deliveredOffline')}
      </label>
      {offline ? (
        <>
          <Field label={t('settlement.deliveredOn')}>
            <Input
              wide
              type="date"
              data-testid="report-delivered-on"
              value={deliveredOn}
              onChange={(e) => setDeliveredOn(e.target.value)}
            />
          </Field>
          <Field label={t('settlement.receiptRef')}>
            <Input wide data-testid="report-receipt" value={receiptRef} onChange={(e) => setReceiptRef(e.target.value)} />
          </Field>
        </>
      ) : null}
      <Button
        type="submit"
        variant="primary"
        data-testid="report-send"
        disabled={summary.trim().length < 2 || submit.isPending}
        className="self-end"
      >
        {row.report?.status === 'returned' ? t('settlement.resubmit') : t('settlement.submit')}
      </Button>
      {submit.error ? (
        <p role="alert" className="text-red-300 md:col-span-4">
          {errorMessage(submit.error)}
        </p>
      ) : null}
    </form>
  );
}

function Review({ row }: { row: ReportRow }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [note, setNote] = useState('');
  const review = useMutation(
    trpc.settlement.reviewReport.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.settlement.pathKey() }),
    }),
  );
  const report = row.report!;
  return (
    <div className="flex flex-wrap items-center gap-1">
      <Input size="xs" className="w-48" placeholder={t('settlement.reviewNote')} value={note} onChange={(e) => setNote(e.target.value)} />
      <Button
        size="xs"
        variant="confirm"
        onClick={() => review.mutate({ reportId: report.id, version: report.version, decision: 'accept', note })}
      >
        {t('settlement.acceptReport')}
      </Button>
      <Button
        size="xs"
        variant="warn"
        disabled={note.trim().length < 2}
        onClick={() => review.mutate({ reportId: report.id, version: report.version, decision: 'return', note })}
      >
        {t('settlement.returnReport')}
      </Button>
      {review.error ? (
        <span role="alert" className="text-red-300">
          {errorMessage(review.error)}
        </span>
      ) : null}
    </div>
  );
}

export function ReportsPanel({ contractId }: { contractId: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { can } = useSession();
  const reports = useQuery(trpc.settlement.reports.queryOptions({ contractId }));
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section data-testid="settlement-reports" className="space-y-2">
      <p className="text-[0.85rem] text-slate-400">{t('settlement.reportRules')}</p>
      <div className="overflow-x-auto rounded border border-slate-700">
        <table className="w-full min-w-[56rem] text-[0.85rem]">
          <thead className="bg-slate-900 text-left text-slate-400">
            <tr>
              <th className="p-2">{t('settlement.col.report')}</th>
              <th className="p-2">{t('settlement.col.periodEnd')}</th>
              <th className="p-2">{t('settlement.col.due')}</th>
              <th className="p-2">{t('settlement.col.submitted')}</th>
              <th className="p-2">{t('settlement.col.state')}</th>
              <th className="p-2 text-right">{t('settlement.col.deduction')}</th>
              <th className="p-2">{t('settlement.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {reports.data?.map((r) => {
              const key = `${r.kind}/${r.period}`;
              const report = r.report;
              return (
                <tr
                  key={key}
                  data-testid="report-row"
                  data-period={r.period}
                  data-late={r.late}
                  className="border-t border-slate-800 align-top"
                >
                  <td className="p-2">{t(`settlement.report.${r.kind}`, { period: r.period })}</td>
                  <td className="p-2">{r.periodEnd}</td>
                  <td className="p-2">
                    {r.dueOn}
                    {r.calendarSource === 'weekdays' ? <div className="text-amber-300">{t('settlement.calendarUnknown')}</div> : null}
                  </td>
                  <td className="p-2">
                    {report ? (
                      <>
                        {report.submittedOn}
                        {report.channel === 'offline' ? (
                          <div className="text-slate-400">{t('settlement.offlineReceipt', { ref: report.receiptRef ?? '' })}</div>
                        ) : null}
                        {report.revisedOn ? (
                          <div className="text-slate-400">{t('settlement.revisedOn', { on: report.revisedOn })}</div>
                        ) : null}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="p-2" data-testid="report-state">
                    {report ? (
                      t(`settlement.reportStatus.${report.status}`)
                    ) : r.overdueNow ? (
                      <span className="text-red-300">{t('settlement.overdueNow')}</span>
                    ) : (
                      t('settlement.notDue')
                    )}
                    {report?.revisionDueOn && report.status === 'returned' ? (
                      <div className="text-amber-300">{t('settlement.reviseBy', { on: report.revisionDueOn })}</div>
                    ) : null}
                    {report?.reviewNote ? <div className="text-slate-400">{report.reviewNote}</div> : null}
                  </td>
                  <td className="p-2 text-right" data-testid="report-deduction">
                    {r.late ? (
                      <>
                        <span className="text-red-300">-{yuan(r.deductionFen)}</span>
                        <div className="text-[0.75rem] text-slate-400">
                          {report
                            ? t('settlement.deduction.late', {
                                report: t(`settlement.report.${r.kind}`, { period: r.period }),
                                due: report.revisionLate ? (report.revisionDueOn ?? r.dueOn) : r.dueOn,
                                on: report.revisionLate ? (report.revisedOn ?? '') : report.submittedOn,
                                days: report.workingDaysLate,
                              })
                            : t('settlement.deduction.notYet')}
                          （3% × {yuan(r.baseFen)}）
                        </div>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="p-2">
                    {can('settlement:supply') && (!report || report.status === 'returned') ? (
                      open === key ? (
                        <SubmitForm contractId={contractId} row={r} />
                      ) : (
                        <Button size="xs" variant="secondary" data-testid="report-open" onClick={() => setOpen(key)}>
                          {report ? t('settlement.resubmit') : t('settlement.submit')}
                        </Button>
                      )
                    ) : null}
                    {can('settlement:review') && report?.status === 'submitted' ? <Review row={r} /> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
