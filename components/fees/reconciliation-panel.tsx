'use client';
/**
 * 对账核销: the clerk imports the bank statement (the shared import control); what matches is written off at once,
 * the rest waits here with the reason it did not match. A line is matched by hand to bills whose sum is its amount
 * to the 分, or set aside with a reason; a write-off is reversed with a reason. Everything is on record.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import { SpreadsheetImport } from '@/components/ui/spreadsheet-import';
import type { AppRouter } from '@/server/api/root';
import type { inferRouterOutputs } from '@trpc/server';
import { monthText, moneyText } from './fee-format';
import { keysetPaging, MoreButton, PAGE } from './keyset-pages';

type Line = inferRouterOutputs<AppRouter>['fees']['statementLines'][number];
type LineStatus = Line['status'];

function useInvalidateFees() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: trpc.fees.pathKey() });
}

function ImportStatement() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const invalidate = useInvalidateFees();
  const run = useMutation(trpc.fees.importStatement.mutationOptions({ onSuccess: invalidate }));
  return (
    <div className="space-y-2 rounded border border-slate-700 p-3">
      <h2 className="text-lg font-semibold">{t('fees.reconcile.title')}</h2>
      <p className="text-[0.85rem] text-slate-400">{t('fees.reconcile.columns')}</p>
      <SpreadsheetImport run={run} messagePrefix="fees.statement" testIdPrefix="statement">
        {(report) =>
          report.importId !== null ? (
            <p role="status" data-testid="statement-matched" className="text-emerald-200">
              {t('fees.reconcile.summary', {
                lines: report.newLines,
                writtenOff: report.writtenOff,
                open: report.newLines - report.writtenOff,
              })}
            </p>
          ) : null
        }
      </SpreadsheetImport>
    </div>
  );
}

function MatchByHand({ line, onDone }: { line: Line; onDone: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const invalidate = useInvalidateFees();
  const errorMessage = useErrorMessage();
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [note, setNote] = useState('');
  const candidates = useQuery(trpc.fees.matchCandidates.queryOptions({ lineId: line.id, text: text.trim() || null }));
  const match = useMutation(
    trpc.fees.matchLine.mutationOptions({
      onSuccess: () => {
        invalidate();
        onDone();
      },
    }),
  );
  const bills = candidates.data ?? [];
  const sum = bills.filter((b) => chosen.has(b.id)).reduce((s, b) => s + b.amount_fen, 0);
  return (
    <div data-testid="match-panel" className="space-y-2 rounded border border-sky-700/60 bg-sky-950/20 p-2">
      <p className="text-[0.9rem]">{t('fees.reconcile.candidates')}</p>
      <Input
        aria-label={t('fees.reconcile.searchBill')}
        placeholder={t('fees.reconcile.searchBill')}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <ul className="max-h-64 overflow-y-auto">
        {bills.map((b) => (
          <li key={b.id}>
            <label className="flex items-center gap-2 py-1">
              <input
                type="checkbox"
                data-testid="match-candidate"
                data-code={b.code}
                checked={chosen.has(b.id)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(b.id);
                  else next.delete(b.id);
                  setChosen(next);
                }}
              />
              <span className="font-mono">{b.code}</span>
              <span>
                {b.payer_name} · {monthText(t, b.month)} · {moneyText(b.amount_fen)} · {t(`fees.bills.status.${b.status}`)}
              </span>
            </label>
          </li>
        ))}
      </ul>
      <p data-testid="match-sum" className={sum === line.amount_fen ? 'text-emerald-300' : 'text-amber-200'}>
        {t('fees.reconcile.selected', { sum: moneyText(sum), amount: moneyText(line.amount_fen) })}
      </p>
      <div className="flex flex-wrap gap-2">
        <Input
          aria-label={t('fees.reconcile.note')}
          placeholder={t('fees.reconcile.note')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <Button
          variant="confirm"
          data-testid="match-confirm"
          disabled={match.isPending || chosen.size === 0}
          onClick={() => match.mutate({ lineId: line.id, version: line.version, billIds: [...chosen], note: note.trim() || null })}
        >
          {t('fees.reconcile.confirmMatch')}
        </Button>
      </div>
      {match.error ? (
        <p role="alert" className="text-red-300">
          {errorMessage(match.error)}
        </p>
      ) : null}
    </div>
  );
}

/** One reason-taking action (set aside, reverse): the reason, then the button. */
function ReasonAction({
  label,
  placeholder,
  testId,
  run,
}: {
  label: string;
  placeholder: string;
  testId: string;
  run: (reason: string) => Promise<unknown>;
}) {
  const errorMessage = useErrorMessage();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <span className="flex flex-wrap items-center gap-2">
      <Input
        aria-label={placeholder}
        placeholder={placeholder}
        data-testid={`${testId}-reason`}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <Button
        variant="warn"
        data-testid={testId}
        disabled={busy}
        onClick={() => {
          setBusy(true);
          run(reason)
            .then(() => setError(null), setError)
            .finally(() => setBusy(false));
        }}
      >
        {label}
      </Button>
      {error ? (
        <span role="alert" className="text-red-300">
          {errorMessage(error)}
        </span>
      ) : null}
    </span>
  );
}

function LineRow({ line }: { line: Line }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { can } = useSession();
  const invalidate = useInvalidateFees();
  const [matching, setMatching] = useState(false);
  const setAside = useMutation(trpc.fees.setLineAside.mutationOptions({ onSuccess: invalidate }));
  const reverse = useMutation(trpc.fees.reverseWriteOff.mutationOptions({ onSuccess: invalidate }));
  const clerk = can('fees:review');
  return (
    <li data-testid="statement-line" data-status={line.status} data-problem={line.problem ?? ''} className="space-y-2 p-3">
      <div className="grid gap-1 md:grid-cols-[8rem_9rem_1fr_auto]">
        <span className="tabular-nums">{line.txn_date}</span>
        <strong className="tabular-nums">{moneyText(line.amount_fen)}</strong>
        <span className="min-w-0 break-all">
          {line.counterparty_name} · {line.counterparty_account || '—'} · {line.memo || '—'}
          {line.synthetic ? ` · ${t('fees.reconcile.synthetic')}` : ''}
        </span>
        <span data-testid="line-state" className={line.status === 'unmatched' ? 'text-amber-200' : 'text-slate-300'}>
          {t(`fees.reconcile.status.${line.status}`)}
          {line.problem ? ` · ${t(`fees.reconcile.problem.${line.problem}`)}` : ''}
        </span>
      </div>
      {line.write_offs.length ? (
        <div className="flex flex-wrap items-center gap-3 text-[0.9rem] text-emerald-200">
          {line.write_offs.map((w) => (
            <span key={w.id} className="flex flex-wrap items-center gap-2">
              {t('fees.reconcile.writtenOffTo', { bills: w.billCode })}（{t(`fees.reconcile.method.${w.method}`)}）
              {clerk ? (
                <ReasonAction
                  label={t('fees.reconcile.reverse')}
                  placeholder={t('fees.reconcile.reverseReason')}
                  testId="line-reverse"
                  run={(reason) => reverse.mutateAsync({ writeOffId: w.id, reason })}
                />
              ) : null}
            </span>
          ))}
        </div>
      ) : null}
      {line.note ? <p className="text-[0.85rem] text-slate-400">{line.note}</p> : null}
      {clerk && line.status === 'unmatched' ? (
        <div className="flex flex-wrap items-center gap-3">
          <Button variant="secondary" data-testid="line-match" onClick={() => setMatching(!matching)}>
            {t('fees.reconcile.match')}
          </Button>
          <ReasonAction
            label={t('fees.reconcile.setAside')}
            placeholder={t('fees.reconcile.setAsideReason')}
            testId="line-set-aside"
            run={(reason) => setAside.mutateAsync({ lineId: line.id, version: line.version, reason })}
          />
        </div>
      ) : null}
      {matching && line.status === 'unmatched' ? <MatchByHand line={line} onDone={() => setMatching(false)} /> : null}
    </li>
  );
}

export function ReconciliationPanel() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { can } = useSession();
  const [status, setStatus] = useState<LineStatus | ''>('unmatched');
  const pages = useInfiniteQuery(trpc.fees.statementLines.infiniteQueryOptions({ status: status || null, limit: PAGE }, keysetPaging));
  const rows = pages.data?.pages.flat() ?? [];
  return (
    <section data-testid="fees-reconcile" className="space-y-3">
      {can('fees:review') ? <ImportStatement /> : null}
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-lg font-semibold">{t('fees.reconcile.lines')}</h2>
        <Select
          aria-label={t('fees.ui.status')}
          data-testid="lines-status"
          value={status}
          onChange={(e) => setStatus(e.target.value as LineStatus | '')}
        >
          <option value="">{t('fees.ui.allStatuses')}</option>
          {(['unmatched', 'written_off', 'set_aside'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`fees.reconcile.status.${s}`)}
            </option>
          ))}
        </Select>
      </div>
      {rows.length === 0 && !pages.isLoading ? <p className="text-slate-400">{t('fees.ui.none')}</p> : null}
      <ul className="divide-y divide-slate-800 rounded border border-slate-700">
        {rows.map((line) => (
          <LineRow key={line.id} line={line} />
        ))}
      </ul>
      <MoreButton pages={pages} />
    </section>
  );
}
