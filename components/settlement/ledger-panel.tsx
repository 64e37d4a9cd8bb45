'use client';
/**
 * The workload ledger of a month: per line the supplier's claimed quantity and OneMap's derived one side by side,
 * differences flagged, the third party's decision and the amount; each line opens its evidence records. The supplier
 * claims (with an evidence reference) and objects; the third party derives, accepts or sets, and answers objections.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import { yuan } from '@/domain/fees/money';
import { formatDate } from '@/domain/i18n/format';
import type { ContractSummary, LedgerRow } from './settlement-types';

const toBig = (text: string): bigint | null => (/^\d{1,15}$/.test(text.trim()) ? BigInt(text.trim()) : null);

function Evidence({ lineId, month }: { lineId: number; month: string }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const records = useQuery(trpc.settlement.evidence.queryOptions({ lineId, month }));
  return (
    <ul data-testid="evidence-list" className="space-y-0.5 text-[0.8rem] text-slate-300">
      {records.data?.length === 0 ? <li className="text-slate-500">{t('settlement.noEvidence')}</li> : null}
      {records.data?.map((e) => (
        <li key={e.id} className={e.superseded ? 'text-slate-500 line-through' : ''}>
          <span className="text-sky-300">{t(`settlement.evidence.${e.source}`)}</span> {e.ref} × {e.quantity.toString()}
          {e.note ? ` · ${e.note.startsWith('photos:') ? t('settlement.photos', { n: e.note.slice(7) }) : e.note}` : ''} · {e.createdBy} ·{' '}
          {formatDate(e.createdAt, locale)}
        </li>
      ))}
    </ul>
  );
}

function Actions({ row, month, contractId }: { row: LedgerRow; month: string; contractId: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [quantity, setQuantity] = useState('');
  const [text, setText] = useState('');
  const done = { onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.settlement.pathKey() }) };
  const decide = useMutation(trpc.settlement.decide.mutationOptions(done));
  const claim = useMutation(trpc.settlement.claim.mutationOptions(done));
  const object = useMutation(trpc.settlement.object.mutationOptions(done));
  const error = decide.error ?? claim.error ?? object.error;
  const q = toBig(quantity);
  return (
    <div className="flex flex-wrap items-center gap-1">
      {can('settlement:review') && row.decision === null ? (
        <>
          {row.derived !== null ? (
            <Button
              size="xs"
              variant="confirm"
              data-testid="accept-derived"
              onClick={() => decide.mutate({ lineId: row.lineId, month, version: row.version, accept: 'derived' })}
            >
              {t('settlement.acceptDerived')}
            </Button>
          ) : null}
          {row.claimedRecords > 0 ? (
            <Button
              size="xs"
              variant="secondary"
              data-testid="accept-claimed"
              onClick={() => decide.mutate({ lineId: row.lineId, month, version: row.version, accept: 'claimed' })}
            >
              {t('settlement.acceptClaimed')}
            </Button>
          ) : null}
          <Input
            size="xs"
            className="w-20"
            inputMode="numeric"
            placeholder={t('settlement.col.quantity')}
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
          />
          <Input size="xs" className="w-32" placeholder={t('settlement.reason')} value={text} onChange={(e) => setText(e.target.value)} />
          <Button
            size="xs"
            variant="warn"
            disabled={q === null || text.trim().length < 2}
            onClick={() => decide.mutate({ lineId: row.lineId, month, version: row.version, accept: 'set', quantity: q, note: text })}
          >
            {t('settlement.setQuantity')}
          </Button>
        </>
      ) : null}
      {can('settlement:supply') && row.decision === null ? (
        <>
          <Input
            size="xs"
            className="w-20"
            inputMode="numeric"
            placeholder={t('settlement.col.quantity')}
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
          />
          <Input
            size="xs"
            className="w-36"
            placeholder={t('settlement.evidenceRef')}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <Button
            size="xs"
            variant="secondary"
            disabled={q === null || !text.trim()}
            onClick={() => claim.mutate({ lineId: row.lineId, month, quantity: q!, ref: text })}
          >
            {t('settlement.claim')}
          </Button>
        </>
      ) : null}
      {can('settlement:supply') && row.decision !== null ? (
        <>
          <Input
            size="xs"
            className="w-48"
            placeholder={t('settlement.objectionText')}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <Button
            size="xs"
            variant="warn"
            disabled={text.trim().length < 2}
            onClick={() => object.mutate({ contractId, lineId: row.lineId, month, text })}
          >
            {t('settlement.object')}
          </Button>
        </>
      ) : null}
      {error ? (
        <span role="alert" className="text-red-300">
          {errorMessage(error)}
        </span>
      ) : null}
    </div>
  );
}

function Objections({ contractId }: { contractId: number }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [answers, setAnswers] = useState<Record<number, string>>({});
  const list = useQuery(trpc.settlement.objections.queryOptions({ contractId }));
  const answer = useMutation(
    trpc.settlement.answer.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.settlement.pathKey() }),
    }),
  );
  if (!list.data?.length) return null;
  return (
    <section className="rounded border border-slate-700 p-2" data-testid="objections">
      <h3 className="font-semibold">{t('settlement.objections')}</h3>
      <ul className="divide-y divide-slate-800 text-[0.85rem]">
        {list.data.map((o) => (
          <li key={o.id} className="space-y-1 py-1">
            <div>
              {o.item_name
                ? `${o.item_name} ${o.month ?? ''}`
                : t(`settlement.report.${o.report_kind ?? 'monthly'}`, { period: o.report_period ?? '' })}{' '}
              · {o.raised_by} · {formatDate(o.raised_at, locale)}：{o.text}
            </div>
            {o.status !== 'open' ? (
              <div className="text-slate-300">
                {t(`settlement.objection.${o.status}`)} · {o.answered_by}：{o.answer}
              </div>
            ) : can('settlement:review') || can('settlement:approve') ? (
              <div className="flex flex-wrap gap-1">
                <Input
                  size="xs"
                  className="w-64"
                  value={answers[o.id] ?? ''}
                  onChange={(e) => setAnswers({ ...answers, [o.id]: e.target.value })}
                  placeholder={t('settlement.answer')}
                />
                <Button
                  size="xs"
                  variant="confirm"
                  disabled={(answers[o.id] ?? '').trim().length < 2}
                  onClick={() => answer.mutate({ objectionId: o.id, status: 'upheld', text: answers[o.id]! })}
                >
                  {t('settlement.objection.uphold')}
                </Button>
                <Button
                  size="xs"
                  variant="danger"
                  disabled={(answers[o.id] ?? '').trim().length < 2}
                  onClick={() => answer.mutate({ objectionId: o.id, status: 'dismissed', text: answers[o.id]! })}
                >
                  {t('settlement.objection.dismiss')}
                </Button>
              </div>
            ) : (
              <div className="text-amber-300">{t('settlement.objection.open')}</div>
            )}
          </li>
        ))}
      </ul>
      {answer.error ? (
        <p role="alert" className="text-red-300">
          {errorMessage(answer.error)}
        </p>
      ) : null}
    </section>
  );
}

export function LedgerPanel({ contract }: { contract: ContractSummary }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [month, setMonth] = useState(contract.months[8] ?? contract.months[0]!);
  const [open, setOpen] = useState<number | null>(null);
  const ledger = useQuery(trpc.settlement.ledger.queryOptions({ contractId: contract.id, month }));
  const done = { onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.settlement.pathKey() }) };
  const derive = useMutation(trpc.settlement.derive.mutationOptions(done));
  const acceptAll = useMutation(trpc.settlement.acceptDerived.mutationOptions(done));
  const total = ledger.data?.reduce((sum, r) => sum + (r.amountFen ?? 0n), 0n) ?? 0n;
  return (
    <section data-testid="settlement-ledger" className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <Select data-testid="ledger-month" value={month} onChange={(e) => setMonth(e.target.value)}>
          {contract.months.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </Select>
        {can('settlement:review') || can('settlement:approve') ? (
          <Button
            variant="secondary"
            data-testid="ledger-derive"
            disabled={derive.isPending}
            onClick={() => derive.mutate({ contractId: contract.id, month })}
          >
            {t('settlement.derive')}
          </Button>
        ) : null}
        {can('settlement:review') ? (
          <Button
            variant="confirm"
            data-testid="ledger-accept-derived"
            disabled={acceptAll.isPending}
            onClick={() => acceptAll.mutate({ contractId: contract.id, month })}
          >
            {t('settlement.acceptAllDerived')}
          </Button>
        ) : null}
        {derive.data ? (
          <span data-testid="derive-result" className="text-[0.85rem] text-slate-300">
            {t('settlement.derived', { lines: derive.data.lines, records: derive.data.records, kept: derive.data.kept })}
          </span>
        ) : null}
        {acceptAll.data !== undefined ? (
          <span className="text-[0.85rem] text-slate-300">{t('settlement.acceptedN', { n: acceptAll.data })}</span>
        ) : null}
        <span className="ml-auto text-[0.9rem]">
          {t('settlement.monthAmount')}：<b data-testid="ledger-total">¥{yuan(total)}</b>
        </span>
      </div>
      {derive.error || acceptAll.error ? (
        <p role="alert" className="text-red-300">
          {errorMessage(derive.error ?? acceptAll.error)}
        </p>
      ) : null}
      <div className="overflow-x-auto rounded border border-slate-700">
        <table className="w-full min-w-[56rem] text-[0.85rem]">
          <thead className="bg-slate-900 text-left text-slate-400">
            <tr>
              <th className="p-2">{t('settlement.col.no')}</th>
              <th className="p-2">{t('settlement.col.item')}</th>
              <th className="p-2 text-right">{t('settlement.col.claimed')}</th>
              <th className="p-2 text-right">{t('settlement.col.derived')}</th>
              <th className="p-2 text-right">{t('settlement.col.accepted')}</th>
              <th className="p-2 text-right">{t('settlement.col.amount')}</th>
              <th className="p-2">{t('settlement.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {ledger.data?.map((r) => (
              <Fragment key={r.lineId}>
                <tr
                  data-testid="ledger-row"
                  data-line={r.name}
                  data-flagged={r.flagged}
                  data-decision={r.decision ?? ''}
                  className="border-t border-slate-800 align-top"
                >
                  <td className="p-2">{r.lineNo}</td>
                  <td className="p-2">
                    <button
                      type="button"
                      className="text-left text-sky-200 underline-offset-2 hover:underline"
                      onClick={() => setOpen(open === r.lineId ? null : r.lineId)}
                    >
                      {r.name}（{t(`settlement.channel.${r.channel}`)}）
                    </button>
                    <div className="text-[0.75rem] text-slate-500">
                      {r.unit} · {r.derivedFrom ? t(`settlement.source.${r.derivedFrom}`) : t('settlement.source.claim')}
                    </div>
                  </td>
                  <td className="p-2 text-right">{r.claimedRecords > 0 ? r.claimed.toString() : '—'}</td>
                  <td className="p-2 text-right" data-testid="ledger-derived">
                    {r.derived === null ? '—' : r.derived.toString()}
                    {r.flagged ? <div className="text-amber-300">{t('settlement.flagged')}</div> : null}
                  </td>
                  <td className="p-2 text-right" data-testid="ledger-accepted">
                    {r.accepted === null ? <span className="text-slate-500">{t('settlement.pending')}</span> : r.accepted.toString()}
                    {r.decision ? (
                      <div className="text-[0.75rem] text-slate-400">
                        {t(`settlement.decision.${r.decision}`)}
                        {r.decisionNote ? `：${r.decisionNote}` : ''}
                      </div>
                    ) : null}
                  </td>
                  <td className="p-2 text-right">{r.amountFen === null ? '—' : yuan(r.amountFen)}</td>
                  <td className="p-2">
                    <Actions row={r} month={month} contractId={contract.id} />
                  </td>
                </tr>
                {open === r.lineId ? (
                  <tr className="bg-slate-900/60">
                    <td />
                    <td colSpan={6} className="p-2">
                      <Evidence lineId={r.lineId} month={month} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      <Objections contractId={contract.id} />
    </section>
  );
}
