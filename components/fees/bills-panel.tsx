'use client';
/**
 * 账单: the clerk draws a month's bills and sees billed, received and outstanding (which always add up); a payer
 * sees its own bills and pays one in a tap at the bank — here the simulated bank, which says so — after which the
 * bank's notification marks it paid and its payment voucher (缴费凭证) is kept on the bill. An opened bill shows its
 * invoices (PDF, XML) and, to a clerk, the refund request; the refund requests are listed above the bills.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import { BILL_STATUSES, isOverdue } from '@/domain/fees/billing';
import { BillInvoices } from './invoices-panel';
import { ProposeRefund, RefundsPanel } from './refunds-panel';
import { formatDateTime } from '@/domain/i18n/format';
import { shanghaiDay } from '@/domain/shanghai-time';
import { monthText, moneyText } from './fee-format';
import { keysetPaging, MoreButton, PAGE } from './keyset-pages';

type BillStatus = (typeof BILL_STATUSES)[number];

function Books() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const books = useQuery(trpc.fees.books.queryOptions());
  if (!books.data) return null;
  return (
    <div className="grid grid-cols-3 gap-3" data-testid="fees-books">
      {(['billedFen', 'receivedFen', 'outstandingFen'] as const).map((key) => (
        <div key={key} className="rounded-lg border border-slate-700 bg-slate-900/60 p-3">
          <span className="block text-[0.85rem] text-slate-400">{t(`fees.books.${key}`)}</span>
          <span className="block text-xl font-bold tabular-nums" data-testid={`books-${key}`}>
            {moneyText(books.data[key])}
          </span>
        </div>
      ))}
    </div>
  );
}

function GenerateBills() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [month, setMonth] = useState(shanghaiDay(new Date()).slice(0, 7));
  const generate = useMutation(
    trpc.fees.generateBills.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.fees.pathKey() }) }),
  );
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Input type="month" aria-label={t('fees.ui.month')} value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
      <Button variant="confirm" data-testid="bills-generate" disabled={generate.isPending} onClick={() => generate.mutate({ month })}>
        {t('fees.bills.generate', { month: monthText(t, month) })}
      </Button>
      {generate.data ? <span data-testid="bills-generated">{t('fees.bills.generated', { n: generate.data.created })}</span> : null}
      {generate.error ? (
        <span role="alert" className="text-red-300">
          {errorMessage(generate.error)}
        </span>
      ) : null}
    </div>
  );
}

function PayButton({ billId }: { billId: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const start = useMutation(trpc.fees.startPayment.mutationOptions());
  const confirm = useMutation(
    trpc.fees.confirmAtSimulatedBank.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.fees.pathKey() }),
    }),
  );
  const started = start.data;
  return (
    <div className="space-y-2">
      {!started ? (
        <Button variant="primary" data-testid="bill-pay" disabled={start.isPending} onClick={() => start.mutate({ billId })}>
          {t('fees.bills.pay')}
        </Button>
      ) : (
        <div data-testid="bank-panel" className="rounded border border-amber-400/50 bg-amber-950/30 p-2 text-[0.9rem]">
          <p className="text-amber-100">{started.simulated ? t('fees.bills.simulatedBank') : t('fees.bills.atBank')}</p>
          <p>{t('fees.bills.bankAmount', { amount: moneyText(started.amountFen), ref: started.merchantRef })}</p>
          {started.simulated ? (
            <Button
              variant="confirm"
              data-testid="bank-confirm"
              disabled={confirm.isPending || confirm.isSuccess}
              onClick={() => confirm.mutate({ merchantRef: started.merchantRef })}
            >
              {t('fees.bills.confirmAtBank')}
            </Button>
          ) : null}
        </div>
      )}
      {(start.error ?? confirm.error) ? (
        <p role="alert" className="text-red-300">
          {errorMessage(start.error ?? confirm.error)}
        </p>
      ) : null}
    </div>
  );
}

function Voucher({ billId }: { billId: number }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const bill = useQuery(trpc.fees.bill.queryOptions({ id: billId }));
  const paid = bill.data?.payments.find((p) => p.status === 'succeeded');
  if (!paid?.voucher) return null;
  const v = paid.voucher as { bankTxn?: string; paidAt?: string; simulated?: boolean };
  return (
    <p data-testid="bill-voucher" className="text-[0.85rem] text-emerald-200">
      {t('fees.bills.voucher', {
        txn: v.bankTxn ?? '',
        at: v.paidAt ? formatDateTime(new Date(v.paidAt), locale) : '',
      })}
      {v.simulated ? ` ${t('fees.bills.simulatedMark')}` : ''}
    </p>
  );
}

export function BillsPanel() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { can } = useSession();
  const [status, setStatus] = useState<BillStatus | ''>('');
  const [open, setOpen] = useState<number | null>(null);
  const [text, setText] = useState('');
  const today = shanghaiDay(new Date());
  const pages = useInfiniteQuery(
    trpc.fees.bills.infiniteQueryOptions({ status: status || null, text: text.trim() || null, limit: PAGE }, keysetPaging),
  );
  const rows = pages.data?.pages.flat() ?? [];
  return (
    <section data-testid="fees-bills" className="space-y-3">
      <Books />
      {can('fees:review') ? <GenerateBills /> : null}
      <RefundsPanel />
      <div className="flex flex-wrap items-center gap-2">
        <Input
          aria-label={t('fees.bills.search')}
          placeholder={t('fees.bills.search')}
          data-testid="bills-search"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <Select aria-label={t('fees.ui.status')} value={status} onChange={(e) => setStatus(e.target.value as BillStatus | '')}>
          <option value="">{t('fees.ui.allStatuses')}</option>
          {BILL_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`fees.bills.status.${s}`)}
            </option>
          ))}
        </Select>
      </div>
      {rows.length === 0 && !pages.isLoading ? <p className="text-slate-400">{t('fees.ui.none')}</p> : null}
      <ul className="divide-y divide-slate-800 rounded border border-slate-700" data-testid="bills-list">
        {rows.map((b) => {
          const overdue = isOverdue(b, today);
          return (
            <li key={b.id} data-testid="bill-row" data-code={b.code} data-status={b.status} className="space-y-2 p-3">
              <button
                type="button"
                className="grid w-full gap-1 text-left md:grid-cols-[14rem_1fr_auto]"
                onClick={() => setOpen(open === b.id ? null : b.id)}
              >
                <span className="font-mono">{b.code}</span>
                <span>
                  {b.payer_name} · {monthText(t, b.month)} · {t(`fees.bills.kind.${b.kind}`)} · {t('fees.bills.due', { date: b.due_date })}
                </span>
                <span className={overdue ? 'text-red-300' : b.status === 'paid' ? 'text-emerald-300' : ''}>
                  <strong className="tabular-nums">{moneyText(b.amount_fen)}</strong> ·{' '}
                  <span data-testid="bill-status">{overdue ? t('fees.bills.status.overdue') : t(`fees.bills.status.${b.status}`)}</span>
                </span>
              </button>
              {can('fees:declare') && b.status === 'open' ? <PayButton billId={b.id} /> : null}
              {b.status !== 'open' && open === b.id ? (
                <div className="space-y-2" data-testid="bill-detail">
                  <Voucher billId={b.id} />
                  <BillInvoices billId={b.id} paid={b.status === 'paid'} />
                  {b.status === 'paid' && can('fees:review') ? <ProposeRefund billId={b.id} /> : null}
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      <MoreButton pages={pages} />
    </section>
  );
}
