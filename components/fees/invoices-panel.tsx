'use client';
/**
 * 发票: the invoice ledger (a payer sees its own), searchable by invoice number, bill number or buyer, and the
 * invoices of one bill inside the bill. Each issued invoice downloads as PDF or XML; one still with the 数电票
 * platform says so and appears by itself when the platform answers (the list asks again every few seconds).
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button, buttonClass } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { formatDateTime } from '@/domain/i18n/format';
import type { AppRouter } from '@/server/api/root';
import type { inferRouterOutputs } from '@trpc/server';
import { moneyText } from './fee-format';
import { keysetPaging, MoreButton, PAGE } from './keyset-pages';

type Invoice = inferRouterOutputs<AppRouter>['fees']['invoices'][number];
const POLL_MS = 2_000;

function InvoiceRow({ invoice }: { invoice: Invoice }) {
  const { t, locale } = useI18n();
  return (
    <li
      data-testid="invoice-row"
      data-kind={invoice.kind}
      data-status={invoice.status}
      className="grid gap-1 p-3 md:grid-cols-[16rem_1fr_auto]"
    >
      <span>
        <strong className={invoice.kind === 'red' ? 'text-red-300' : 'text-amber-200'}>{t(`fees.invoice.kind.${invoice.kind}`)}</strong>{' '}
        <span className="font-mono" data-testid="invoice-number">
          {invoice.number ?? '—'}
        </span>
      </span>
      <span className="text-[0.9rem] text-slate-300">
        {invoice.buyer_name} · {invoice.bill_code} · {moneyText(invoice.kind === 'red' ? -invoice.amount_fen : invoice.amount_fen)}
        {invoice.original_number ? ` · ${t('fees.invoice.reverses', { number: invoice.original_number })}` : ''}
        {invoice.issued_at ? ` · ${formatDateTime(invoice.issued_at, locale)}` : ''}
        {invoice.simulated ? ` ${t('fees.invoice.simulated')}` : ''}
      </span>
      <span className="flex flex-wrap items-center gap-2">
        <span data-testid="invoice-status" className={invoice.status === 'failed' ? 'text-red-300' : ''}>
          {t(`fees.invoice.status.${invoice.status}`)}
          {invoice.failure ? `：${invoice.failure}` : ''}
        </span>
        {invoice.status === 'issued' ? (
          <>
            <a className={buttonClass('quiet')} data-testid="invoice-pdf" href={`/api/fees/invoices/${invoice.id}.pdf?download=1`}>
              {t('fees.invoice.pdf')}
            </a>
            <a className={buttonClass('quiet')} data-testid="invoice-xml" href={`/api/fees/invoices/${invoice.id}.xml`}>
              {t('fees.invoice.xml')}
            </a>
          </>
        ) : null}
      </span>
    </li>
  );
}

/** The invoices of one bill, inside the bill (asked again while one is with the platform). */
export function BillInvoices({ billId, paid }: { billId: number; paid: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const invoices = useQuery({
    ...trpc.fees.invoices.queryOptions({ billId, limit: 10 }),
    refetchInterval: (query) =>
      query.state.data?.some((i) => i.status === 'requested') || (paid && !query.state.data?.length) ? POLL_MS : false,
  });
  const retry = useMutation(
    trpc.fees.retryInvoice.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.fees.invoices.pathKey() }),
    }),
  );
  const rows = invoices.data ?? [];
  const refused = rows.length > 0 && rows.every((i) => i.kind === 'blue' && i.status === 'failed');
  return (
    <div data-testid="bill-invoices" className="space-y-1">
      {rows.length === 0 && invoices.isSuccess ? (
        <p className="text-[0.85rem] text-slate-400">{paid ? t('fees.invoice.pending') : t('fees.invoice.none')}</p>
      ) : null}
      <ul className="divide-y divide-slate-800 rounded border border-slate-800">
        {rows.map((i) => (
          <InvoiceRow key={i.id} invoice={i} />
        ))}
      </ul>
      {refused && can('fees:review') ? (
        <Button variant="secondary" onClick={() => retry.mutate({ billId })} disabled={retry.isPending}>
          {t('fees.invoice.retry')}
        </Button>
      ) : null}
      {retry.error ? (
        <p role="alert" className="text-red-300">
          {errorMessage(retry.error)}
        </p>
      ) : null}
    </div>
  );
}

export function InvoicesPanel() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [text, setText] = useState('');
  const pages = useInfiniteQuery({
    ...trpc.fees.invoices.infiniteQueryOptions({ text: text.trim() || null, limit: PAGE }, keysetPaging),
    // While an invoice is with the platform, ask again: it appears when the result arrives.
    refetchInterval: (query) => (query.state.data?.pages.flat().some((i) => i.status === 'requested') ? POLL_MS : false),
  });
  const rows = pages.data?.pages.flat() ?? [];
  return (
    <section data-testid="fees-invoices" className="space-y-3">
      <h2 className="text-lg font-semibold">{t('fees.invoice.title')}</h2>
      <Input
        aria-label={t('fees.invoice.search')}
        placeholder={t('fees.invoice.search')}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {rows.length === 0 && !pages.isLoading ? <p className="text-slate-400">{t('fees.ui.none')}</p> : null}
      <ul className="divide-y divide-slate-800 rounded border border-slate-700">
        {rows.map((i) => (
          <InvoiceRow key={i.id} invoice={i} />
        ))}
      </ul>
      <MoreButton pages={pages} />
    </section>
  );
}
