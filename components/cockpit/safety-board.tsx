'use client';
/**
 * 安全看板: hidden dangers (open, major, overdue, awaiting acceptance) with their closed loop — report with
 * photos, dispatch as a work order, submit the rectification, accept or reject online — and the environment
 * monitors against the site-boundary limits. The ledger downloads as CSV or XLSX.
 */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateTime, formatNumber } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { StatTile } from '@/components/ui/stat-tile';
import type { CockpitBoards, HazardView } from './cockpit-types';
import { ReportHazardForm, SubmitRectificationForm, useRefreshBoards } from './hazard-forms';
import { Modal } from '@/components/ui/modal';
import { Board } from './board';

function HazardRow({ hazard, canOperate, onSubmit }: { hazard: HazardView; canOperate: boolean; onSubmit(h: HazardView): void }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshBoards();
  const errorMessage = useErrorMessage();
  const [note, setNote] = useState('');
  const act = useMutation(trpc.cockpit.hazards.act.mutationOptions({ onSuccess: refresh }));
  const run = (action: 'dispatch' | 'accept' | 'reject') =>
    act.mutate({ id: hazard.id, action, expectedVersion: hazard.version, note: note || undefined });
  return (
    <li
      className="rounded bg-slate-900/60 px-2 py-1.5 text-[0.82rem]"
      data-testid="hazard-item"
      data-code={hazard.code}
      data-status={hazard.status}
    >
      <div className="flex justify-between gap-2">
        <span className="truncate">
          <span className={hazard.grade === 'major' ? 'text-red-300' : 'text-amber-200'}>[{t(`cockpit.grade.${hazard.grade}`)}]</span>{' '}
          {hazard.title}
        </span>
        <span className="shrink-0 text-sky-200" data-testid="hazard-status">
          {t(`cockpit.hazard.${hazard.status}`)}
        </span>
      </div>
      <div className="text-slate-400">
        {hazard.code} · {hazard.place} · {t('cockpit.hazardDeadline', { time: formatDateTime(hazard.deadline, locale).slice(0, 16) })}
        {hazard.overdue ? <span className="text-red-300"> · {t('cockpit.overdue')}</span> : null}
        {hazard.orderCode ? (
          <span data-testid="hazard-order">
            {' '}
            · {t('cockpit.hazardOrder', { code: hazard.orderCode })}
            {hazard.orderStatus ? `（${t(`orders.status.${hazard.orderStatus}`)}）` : ''}
          </span>
        ) : null}
      </div>
      {canOperate && hazard.status !== 'accepted' ? (
        <div className="mt-1 flex gap-1">
          {hazard.status === 'reported' ? (
            <Button variant="secondary" size="sm" disabled={act.isPending} onClick={() => run('dispatch')} data-testid="hazard-dispatch">
              {t('cockpit.hazardAct.dispatch')}
            </Button>
          ) : null}
          {hazard.status === 'dispatched' ? (
            <Button variant="secondary" size="sm" onClick={() => onSubmit(hazard)} data-testid="hazard-open-rectify">
              {t('cockpit.hazardAct.submit')}
            </Button>
          ) : null}
          {hazard.status === 'awaiting_acceptance' ? (
            <>
              <input
                value={note}
                onChange={(e) => setNote(e.target.value)}
                placeholder={t('cockpit.promptReason')}
                className="min-w-0 flex-1 rounded bg-slate-800 px-1.5"
              />
              <Button variant="secondary" size="sm" disabled={act.isPending} onClick={() => run('accept')} data-testid="hazard-accept">
                {t('cockpit.hazardAct.accept')}
              </Button>
              <Button variant="secondary" size="sm" disabled={act.isPending} onClick={() => run('reject')}>
                {t('cockpit.hazardAct.reject')}
              </Button>
            </>
          ) : null}
        </div>
      ) : null}
      {act.error ? (
        <p role="alert" className="text-red-300">
          {errorMessage(act.error)}
        </p>
      ) : null}
    </li>
  );
}

export function SafetyBoard({ boards, canOperate }: { boards: CockpitBoards; canOperate: boolean }) {
  const { t, locale } = useI18n();
  const s = boards.safety;
  const [reporting, setReporting] = useState(false);
  const [submitting, setSubmitting] = useState<HazardView | null>(null);
  return (
    <Board
      title={t('cockpit.safety')}
      testId="board-safety"
      aside={
        <span className="flex gap-2 text-[0.78rem]">
          <a href="/api/cockpit/hazards/ledger.csv" className="text-sky-300 underline" data-testid="ledger-csv">
            {t('cockpit.ledgerCsv')}
          </a>
          <a href="/api/cockpit/hazards/ledger.xlsx" className="text-sky-300 underline">
            {t('cockpit.ledgerXlsx')}
          </a>
        </span>
      }

      tiles={
        <>
          <StatTile
            testId="hazards-open"
            label={t('cockpit.hazardsOpen')}
            value={s.open}
            note={t('cockpit.hazardsAcceptedMonth', { count: s.acceptedThisMonth })}
            accent="#fbbf24"
          />
          <StatTile label={t('cockpit.hazardsMajor')} value={s.major} accent={s.major ? '#f87171' : '#34d399'} />
          <StatTile label={t('cockpit.hazardsOverdue')} value={s.overdue} accent={s.overdue ? '#f87171' : '#34d399'} />
          <StatTile label={t('cockpit.hazardsAwaiting')} value={s.awaitingAcceptance} accent="#a78bfa" />
        </>
      }
    >
      <h3 className="text-[0.85rem] text-sky-200">{t('cockpit.environment')}</h3>
      <table className="w-full text-[0.8rem]" data-testid="environment-table">
        <tbody>
          {s.environment.map((l) => (
            <tr key={`${l.monitorCode}:${l.metric}`} className={l.over ? 'text-red-300' : 'text-slate-300'}>
              <td className="truncate py-0.5">{l.monitorName}</td>
              <td>{t(`cockpit.metric.${l.metric}`)}</td>
              <td className="text-right tabular-nums">
                {formatNumber(l.value, locale, 3)} / {formatNumber(l.limit, locale, 2)} {l.unit}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="flex items-center justify-between">
        <h3 className="text-[0.85rem] text-sky-200">{t('cockpit.recentHazards')}</h3>
        {canOperate ? (
          <Button variant="secondary" size="sm" onClick={() => setReporting(true)} data-testid="hazard-report-open">
            {t('cockpit.reportHazard')}
          </Button>
        ) : null}
      </div>
      <ul className="min-h-0 flex-1 space-y-1 overflow-y-auto" data-testid="hazard-list">
        {s.recent.length === 0 ? <li className="text-[0.85rem] text-slate-400">{t('cockpit.noHazards')}</li> : null}
        {s.recent.map((h) => (
          <HazardRow key={h.id} hazard={h} canOperate={canOperate} onSubmit={setSubmitting} />
        ))}
      </ul>
      {reporting ? (
        <Modal
          closeLabel={t('cockpit.form.cancel')}
          title={t('cockpit.reportHazard')}
          onClose={() => setReporting(false)}
          testId="hazard-report-modal"
        >
          <ReportHazardForm onDone={() => setReporting(false)} />
        </Modal>
      ) : null}
      {submitting ? (
        <Modal
          closeLabel={t('cockpit.form.cancel')}
          title={t('cockpit.form.submitTitle', { code: submitting.code })}
          onClose={() => setSubmitting(null)}
          testId="hazard-rectify-modal"
        >
          <SubmitRectificationForm hazard={submitting} onDone={() => setSubmitting(null)} />
        </Modal>
      ) : null}
    </Board>
  );
}
