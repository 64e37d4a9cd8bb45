'use client';
/**
 * 合同: the contract ledger (status, free text: payer name or contract number), keyset-paged; a contract opens
 * with its terms, its lifecycle record, the clerk's lifecycle steps and the PDF to view, print or download.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button, buttonClass } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import { CONTRACT_STATUSES, type ContractAction, type ContractStatus, contractTransition } from '@/domain/fees/fee-values';
import { formatDateTime } from '@/domain/i18n/format';
import { monthText, moneyText, quantityText } from './fee-format';
import { keysetPaging, MoreButton, PAGE } from './keyset-pages';

const ACTIONS: ContractAction[] = ['activate', 'mark_renewal_due', 'renew', 'terminate', 'expire'];

function ContractDetail({ id, onClose }: { id: number; onClose(): void }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [note, setNote] = useState('');
  const contract = useQuery(trpc.fees.contract.queryOptions({ id }));
  const change = useMutation(
    trpc.fees.changeContract.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.fees.pathKey() }) }),
  );
  const c = contract.data;
  if (!c) return null;
  return (
    <div data-testid="contract-detail" className="space-y-2 rounded-lg border border-sky-400/40 bg-slate-900 p-3">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-lg font-semibold">{c.code}</h3>
        <span className="rounded bg-slate-800 px-2 text-[0.85rem]">{t(`fees.contract.${c.status}`)}</span>
        <a
          href={`/api/fees/contracts/${c.id}.pdf`}
          target="_blank"
          rel="noopener"
          data-testid="contract-pdf"
          className={buttonClass('outline', 'sm', 'ml-auto')}
        >
          {t('fees.ui.pdf')}
        </a>
        <a href={`/api/fees/contracts/${c.id}.pdf?download=1`} data-testid="contract-download" className={buttonClass('outline', 'sm')}>
          {t('fees.ui.download')}
        </a>
        <Button variant="link" onClick={onClose}>
          {t('fees.ui.close')}
        </Button>
      </div>
      <p className="text-[0.9rem] text-slate-300">
        {t(`fees.wasteType.${c.waste_type}`)} · {quantityText(t, c.monthly_quantity, c.unit)}/{t('fees.ui.perMonth')} ·{' '}
        {moneyText(c.unit_price_fen)}/{t(`fees.unit.${c.unit}`)} ·{' '}
        <strong data-testid="contract-monthly-amount">{moneyText(c.monthly_amount_fen)}</strong>/{t('fees.ui.perMonth')} ·{' '}
        {monthText(t, c.start_month)}–{monthText(t, c.end_month)} · {t('fees.ui.tariffVersion', { v: c.tariff_version })}
      </p>
      {can('fees:review') ? (
        <div className="flex flex-wrap items-center gap-2">
          <Input
            size="sm"
            className="w-[14rem]"
            placeholder={t('fees.ui.changeNote')}
            aria-label={t('fees.ui.changeNote')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          {ACTIONS.filter((a) => contractTransition(c.status, a)).map((action) => (
            <Button
              key={action}
              variant={action === 'terminate' ? 'danger' : 'secondary'}
              data-testid={`contract-${action}`}
              disabled={change.isPending}
              onClick={() => change.mutate({ id: c.id, expectedVersion: c.version, action, note: note || null })}
            >
              {t(`fees.ui.action.${action}`)}
            </Button>
          ))}
        </div>
      ) : null}
      {change.error ? (
        <p role="alert" className="text-red-300">
          {errorMessage(change.error)}
        </p>
      ) : null}
      <ol className="space-y-1 text-[0.85rem] text-slate-300" data-testid="contract-events">
        {c.events.map((e, i) => (
          <li key={i}>
            {formatDateTime(e.at, locale)} · {e.actor_name} · {t(`fees.ui.action.${e.action}`)}
            {e.note ? ` · ${e.note}` : ''}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function ContractLedger() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { can } = useSession();
  const [status, setStatus] = useState<ContractStatus | ''>('');
  const [text, setText] = useState('');
  const [open, setOpen] = useState<number | null>(null);
  const pages = useInfiniteQuery(
    trpc.fees.contracts.infiniteQueryOptions({ status: status || null, text: text.trim() || null, limit: PAGE }, keysetPaging),
  );
  const rows = pages.data?.pages.flat() ?? [];
  return (
    <section data-testid="fees-contracts" className="space-y-3">
      <div className="flex flex-wrap gap-2 text-[0.9rem]">
        <Select aria-label={t('fees.ui.status')} value={status} onChange={(e) => setStatus(e.target.value as ContractStatus | '')}>
          <option value="">{t('fees.ui.allStatuses')}</option>
          {CONTRACT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`fees.contract.${s}`)}
            </option>
          ))}
        </Select>
        {!can('fees:declare') ? (
          <Input
            type="search"
            data-testid="contracts-text"
            placeholder={t('fees.ui.searchContract')}
            aria-label={t('fees.ui.searchContract')}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        ) : null}
      </div>
      {open !== null ? <ContractDetail id={open} onClose={() => setOpen(null)} /> : null}
      {rows.length === 0 && !pages.isLoading ? <p className="text-slate-400">{t('fees.ui.none')}</p> : null}
      <ul className="divide-y divide-slate-800 rounded border border-slate-700" data-testid="contracts-list">
        {rows.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              data-testid="contract-row"
              data-code={c.code}
              onClick={() => setOpen(c.id)}
              className="grid w-full gap-1 p-3 text-left hover:bg-slate-800/60 md:grid-cols-[12rem_1fr_auto]"
            >
              <span className="font-mono">{c.code}</span>
              <span>
                {c.payer_name} · {t(`fees.wasteType.${c.waste_type}`)} · {quantityText(t, c.monthly_quantity, c.unit)}/
                {t('fees.ui.perMonth')} · {moneyText(c.monthly_amount_fen)}/{t('fees.ui.perMonth')}
              </span>
              <span className="text-slate-300">{t(`fees.contract.${c.status}`)}</span>
            </button>
          </li>
        ))}
      </ul>
      <MoreButton pages={pages} />
    </section>
  );
}
