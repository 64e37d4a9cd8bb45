'use client';
/**
 * 退费: a clerk requests a refund of a bill paid online, with the reason; a supervisor approves or rejects it (the
 * requester cannot); an approved refund goes to the bank and shows as refunded when the bank's result arrives,
 * after which the bill's invoice is reversed in red.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { moneyText } from './fee-format';

const POLL_MS = 2_000;

/** Inside a paid bill: the clerk's refund request. */
export function ProposeRefund({ billId }: { billId: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [reason, setReason] = useState('');
  const [open, setOpen] = useState(false);
  const propose = useMutation(
    trpc.fees.proposeRefund.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.fees.pathKey() }) }),
  );
  if (!open)
    return (
      <Button variant="secondary" data-testid="refund-open" onClick={() => setOpen(true)}>
        {t('fees.refund.propose')}
      </Button>
    );
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Input
        wide
        data-testid="refund-reason"
        aria-label={t('fees.refund.reason')}
        placeholder={t('fees.refund.reason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <Button
        variant="warn"
        data-testid="refund-submit"
        disabled={propose.isPending || propose.isSuccess}
        onClick={() => propose.mutate({ billId, reason })}
      >
        {t('fees.refund.submit')}
      </Button>
      {propose.data ? <span data-testid="refund-code">{propose.data.code}</span> : null}
      {propose.error ? (
        <span role="alert" className="text-red-300">
          {errorMessage(propose.error)}
        </span>
      ) : null}
    </div>
  );
}

/** The refund requests, newest first; a supervisor decides the waiting ones. */
export function RefundsPanel() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const refunds = useQuery({
    ...trpc.fees.refunds.queryOptions({}),
    refetchInterval: (query) => (query.state.data?.some((r) => r.status === 'approved') ? POLL_MS : false),
  });
  const decide = useMutation(
    trpc.fees.decideRefund.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.fees.pathKey() }) }),
  );
  const rows = refunds.data ?? [];
  if (!rows.length) return null;
  return (
    <section data-testid="fees-refunds" className="space-y-2">
      <h2 className="text-lg font-semibold">{t('fees.refund.title')}</h2>
      <ul className="divide-y divide-slate-800 rounded border border-slate-700">
        {rows.map((r) => (
          <li key={r.id} data-testid="refund-row" data-status={r.status} className="flex flex-wrap items-center gap-2 p-3">
            <span className="min-w-0 flex-1">
              {t('fees.refund.line', {
                code: r.code,
                payer: r.payer_name,
                bill: r.bill_code,
                amount: moneyText(r.amount_fen),
                reason: r.reason,
              })}
              <span className="block text-[0.8rem] text-slate-400">
                {t('fees.refund.by', { proposer: r.proposed_by_name ?? '—', decider: r.decided_by_name ?? '—' })}
              </span>
            </span>
            <strong data-testid="refund-status">{t(`fees.refund.status.${r.status}`)}</strong>
            {r.status === 'proposed' && can('fees:approve') ? (
              <>
                <Button
                  variant="confirm"
                  data-testid="refund-approve"
                  disabled={decide.isPending}
                  onClick={() => decide.mutate({ id: r.id, version: r.version, approve: true })}
                >
                  {t('fees.refund.approve')}
                </Button>
                <Button
                  variant="quiet"
                  disabled={decide.isPending}
                  onClick={() => decide.mutate({ id: r.id, version: r.version, approve: false })}
                >
                  {t('fees.refund.reject')}
                </Button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {decide.error ? (
        <p role="alert" className="text-red-300">
          {errorMessage(decide.error)}
        </p>
      ) : null}
    </section>
  );
}
