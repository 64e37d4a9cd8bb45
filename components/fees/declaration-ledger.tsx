'use client';
/**
 * 申报: the multi-condition ledger of declarations (status, month, waste type, free text), newest change first
 * and paged by keyset ("more"); each row carries the step its reader may take — the payer edits and submits its
 * own, the clerk passes or returns with a reason, the supervisor approves (which draws the contract). A payer
 * also declares here.
 */
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import { DECLARATION_STATUSES, type DeclarationStatus, WASTE_TYPES, type WasteType } from '@/domain/fees/fee-values';
import { DeclareForm } from './declare-form';
import { monthText } from './fee-format';
import { MoreButton, PAGE } from './keyset-pages';

interface Row {
  id: number;
  payer_name: string;
  credit_code: string;
  month: string;
  waste_type: WasteType;
  quantity: number;
  status: DeclarationStatus;
  return_reason: string | null;
  version: number;
}

function RowActions({ row, onApproved }: { row: Row; onApproved(contractCode: string): void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [reason, setReason] = useState('');
  const [quantity, setQuantity] = useState(String(row.quantity));
  const done = { onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.fees.pathKey() }) };
  const review = useMutation(trpc.fees.reviewDeclaration.mutationOptions(done));
  // The approved row leaves the supervisor's list at once, so the new contract's number is said above the list.
  const approve = useMutation(
    trpc.fees.approveDeclaration.mutationOptions({
      onSuccess: (result) => {
        onApproved(result.contract.code);
        done.onSuccess();
      },
    }),
  );
  const edit = useMutation(trpc.fees.editDeclaration.mutationOptions(done));
  const submit = useMutation(trpc.fees.submitDeclaration.mutationOptions(done));
  const error = review.error ?? approve.error ?? edit.error ?? submit.error;
  const editable = row.status === 'draft' || row.status === 'returned';
  return (
    <div className="flex flex-wrap items-center gap-2">
      {can('fees:declare') && editable ? (
        <>
          <Input
            size="sm"
            className="w-[6rem]"
            inputMode="numeric"
            aria-label={t('fees.ui.quantity')}
            data-testid="declaration-quantity"
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
          />
          {Number(quantity) !== row.quantity ? (
            <Button variant="outline" onClick={() => edit.mutate({ id: row.id, expectedVersion: row.version, quantity: Number(quantity) })}>
              {t('fees.ui.save')}
            </Button>
          ) : (
            <Button
              variant="confirm"
              data-testid="declaration-submit"
              disabled={submit.isPending}
              onClick={() => submit.mutate({ id: row.id, expectedVersion: row.version })}
            >
              {t('fees.ui.submit')}
            </Button>
          )}
        </>
      ) : null}
      {can('fees:review') && row.status === 'submitted' ? (
        <>
          <Button
            variant="confirm"
            data-testid="declaration-pass"
            disabled={review.isPending}
            onClick={() => review.mutate({ id: row.id, expectedVersion: row.version, pass: true })}
          >
            {t('fees.ui.pass')}
          </Button>
          <Input
            size="sm"
            className="w-[12rem]"
            placeholder={t('fees.ui.returnReason')}
            aria-label={t('fees.ui.returnReason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <Button
            variant="danger"
            disabled={review.isPending}
            onClick={() => review.mutate({ id: row.id, expectedVersion: row.version, pass: false, reason })}
          >
            {t('fees.ui.return')}
          </Button>
        </>
      ) : null}
      {can('fees:approve') && row.status === 'reviewed' ? (
        <Button
          variant="confirm"
          data-testid="declaration-approve"
          disabled={approve.isPending}
          onClick={() => approve.mutate({ id: row.id, expectedVersion: row.version })}
        >
          {t('fees.ui.approve')}
        </Button>
      ) : null}
      {error ? (
        <span role="alert" className="text-red-300">
          {errorMessage(error)}
        </span>
      ) : null}
    </div>
  );
}

export function DeclarationLedger() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { can } = useSession();
  const [status, setStatus] = useState<DeclarationStatus | ''>(can('fees:approve') ? 'reviewed' : can('fees:review') ? 'submitted' : '');
  const [month, setMonth] = useState('');
  const [wasteType, setWasteType] = useState<WasteType | ''>('');
  const [text, setText] = useState('');
  const [drawn, setDrawn] = useState<string | null>(null);
  const filters = { status: status || null, month: month || null, wasteType: wasteType || null, text: text.trim() || null, limit: PAGE };
  const pages = useInfiniteQuery(
    trpc.fees.declarations.infiniteQueryOptions(filters, {
      initialCursor: undefined,
      // Keyset: the next page starts after the last row's (updated_at, id).
      getNextPageParam: (last) =>
        last.length < PAGE ? undefined : { updatedAt: last[last.length - 1].updated_at, id: last[last.length - 1].id },
    }),
  );
  const rows = pages.data?.pages.flat() ?? [];
  return (
    <section data-testid="fees-declarations" className="space-y-3">
      {can('fees:declare') ? <DeclareForm /> : null}
      <div className="flex flex-wrap items-end gap-2 text-[0.9rem]">
        <Select
          aria-label={t('fees.ui.status')}
          data-testid="declarations-status"
          value={status}
          onChange={(e) => setStatus(e.target.value as DeclarationStatus | '')}
        >
          <option value="">{t('fees.ui.allStatuses')}</option>
          {DECLARATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`fees.declaration.${s}`)}
            </option>
          ))}
        </Select>
        <Input type="month" aria-label={t('fees.ui.month')} value={month} onChange={(e) => setMonth(e.target.value)} />
        <Select aria-label={t('fees.ui.wasteType')} value={wasteType} onChange={(e) => setWasteType(e.target.value as WasteType | '')}>
          <option value="">{t('fees.ui.allWasteTypes')}</option>
          {WASTE_TYPES.map((w) => (
            <option key={w} value={w}>
              {t(`fees.wasteType.${w}`)}
            </option>
          ))}
        </Select>
        {!can('fees:declare') ? (
          <Input
            type="search"
            data-testid="declarations-text"
            placeholder={t('fees.ui.searchPayer')}
            aria-label={t('fees.ui.searchPayer')}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        ) : null}
      </div>
      {drawn ? (
        <p role="status" className="text-emerald-300" data-testid="declaration-contract">
          {t('fees.ui.contractDrawn', { code: drawn })}
        </p>
      ) : null}
      {pages.error ? (
        <p role="alert" className="text-red-300">
          {t('fees.ui.loadFailed')}
        </p>
      ) : null}
      {rows.length === 0 && !pages.isLoading ? <p className="text-slate-400">{t('fees.ui.none')}</p> : null}
      <ul className="divide-y divide-slate-800 rounded border border-slate-700" data-testid="declarations-list">
        {rows.map((row) => (
          <li
            key={row.id}
            data-testid="declaration-row"
            data-status={row.status}
            className="grid gap-2 p-3 md:grid-cols-[1fr_auto] md:items-center"
          >
            <div className="min-w-0">
              <p className="font-semibold">
                {row.payer_name} <span className="text-[0.8rem] font-normal text-slate-400">{row.credit_code}</span>
              </p>
              <p className="text-[0.9rem] text-slate-300">
                {monthText(t, row.month)} · {t(`fees.wasteType.${row.waste_type}`)} · {t('fees.ui.declared', { n: row.quantity })} ·{' '}
                <span data-testid="declaration-status">{t(`fees.declaration.${row.status}`)}</span>
              </p>
              {row.return_reason ? (
                <p className="text-[0.85rem] text-amber-200">{t('fees.ui.returnedBecause', { reason: row.return_reason })}</p>
              ) : null}
            </div>
            <RowActions row={row} onApproved={setDrawn} />
          </li>
        ))}
      </ul>
      <MoreButton pages={pages} />
    </section>
  );
}
