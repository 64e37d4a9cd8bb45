'use client';
/**
 * The four payments of the contract (seed 001 十、（六）): each its share of the awarded amount, paid once the supplier's
 * invoice of the same amount is received, and each showing how its cap was applied (advance 50 %; advance + second
 * ≤ 70 %; cumulative ≤ 80 % after the yearly acceptance; the balance after the final evaluation, nothing if paid).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { yuan } from '@/domain/fees/money';
import type { PaymentRow } from './settlement-types';

function Approve({ contractId, p }: { contractId: number; p: PaymentRow }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [invoiceNo, setInvoiceNo] = useState('');
  const [receivedOn, setReceivedOn] = useState('');
  const approve = useMutation(
    trpc.settlement.approvePayment.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.settlement.pathKey() }),
    }),
  );
  return (
    <div className="flex flex-wrap items-center gap-1">
      <Input
        size="xs"
        className="w-44"
        data-testid="payment-invoice"
        placeholder={t('settlement.invoiceNo')}
        value={invoiceNo}
        onChange={(e) => setInvoiceNo(e.target.value)}
      />
      <Input
        size="xs"
        type="date"
        data-testid="payment-invoice-date"
        aria-label={t('settlement.invoiceReceivedOn')}
        value={receivedOn}
        onChange={(e) => setReceivedOn(e.target.value)}
      />
      <Button
        size="xs"
        variant="confirm"
        data-testid="payment-approve"
        disabled={!invoiceNo.trim() || !receivedOn || approve.isPending}
        onClick={() =>
          approve.mutate({
            contractId,
            no: p.no as 1 | 2 | 3 | 4,
            invoiceNo,
            invoiceReceivedOn: receivedOn,
            amountFen: p.computation!.amountFen,
          })
        }
      >
        {t('settlement.approvePayment')}
      </Button>
      {approve.error ? (
        <span role="alert" className="text-red-300">
          {errorMessage(approve.error)}
        </span>
      ) : null}
    </div>
  );
}

export function PaymentsPanel({ contractId }: { contractId: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { can } = useSession();
  const payments = useQuery(trpc.settlement.payments.queryOptions({ contractId }));
  return (
    <section data-testid="settlement-payments" className="grid gap-3 md:grid-cols-2">
      {payments.data?.map((p) => {
        const c = p.computation;
        return (
          <article key={p.no} data-testid={`payment-${p.no}`} className="space-y-1 rounded-lg border border-slate-700 p-3 text-[0.9rem]">
            <h3 className="font-semibold">{t(`settlement.payment.${p.no}`)}</h3>
            <p className="text-[0.8rem] text-slate-400">{t(`settlement.payment.rule.${p.no}`)}</p>
            {p.record ? (
              <p data-testid="payment-paid" className="text-emerald-300">
                {t('settlement.paid', {
                  amount: yuan(p.record.amountFen),
                  invoice: p.record.invoiceNo,
                  on: p.record.invoiceReceivedOn,
                  by: p.record.approvedBy,
                })}
              </p>
            ) : p.waitingFor ? (
              <p className="text-slate-400">{t(`settlement.waiting.${p.waitingFor}`)}</p>
            ) : null}
            {c && !p.record ? (
              <dl className="grid grid-cols-[auto_1fr] gap-x-3" data-testid="payment-computation">
                {p.basisFen !== null ? (
                  <>
                    <dt className="text-slate-400">{t('settlement.pay.basis')}</dt>
                    <dd>¥{yuan(p.basisFen)}</dd>
                  </>
                ) : null}
                <dt className="text-slate-400">{t('settlement.pay.paidBefore')}</dt>
                <dd>¥{yuan(p.paidBeforeFen)}</dd>
                <dt className="text-slate-400">{t('settlement.pay.due')}</dt>
                <dd>¥{yuan(c.dueFen)}</dd>
                {c.capFen !== null ? (
                  <>
                    <dt className="text-slate-400">{t('settlement.pay.cap')}</dt>
                    <dd>
                      ¥{yuan(c.capFen)}（{t('settlement.pay.room', { room: yuan(c.roomFen ?? 0n) })}）
                    </dd>
                  </>
                ) : null}
                <dt className="text-slate-400">{t('settlement.pay.amount')}</dt>
                <dd data-testid="payment-amount" className="font-semibold">
                  ¥{yuan(c.amountFen)}
                </dd>
                <dd className="col-span-2" data-testid="payment-cap-note">
                  {c.capApplied ? (
                    <span className="text-amber-300">{t('settlement.pay.capApplied', { cut: yuan(c.dueFen - c.amountFen) })}</span>
                  ) : (
                    t('settlement.pay.capNotApplied')
                  )}
                  {c.overpaidFen > 0n ? (
                    <span className="text-amber-300"> {t('settlement.pay.overpaid', { amount: yuan(c.overpaidFen) })}</span>
                  ) : null}
                </dd>
              </dl>
            ) : null}
            {can('settlement:approve') && c && !p.record ? <Approve contractId={contractId} p={p} /> : null}
          </article>
        );
      })}
    </section>
  );
}
