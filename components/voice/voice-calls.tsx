'use client';
/**
 * An order's AI voice calls (外呼) in the dispatcher's detail: purpose, whom, state and what the voice said; with
 * the recording provider the panel says plainly that the calls are recorded, not placed. After a follow-up call on
 * a closed order, the satisfaction heard is entered here (1–5) and stored on the order.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OrderView } from '@/components/orders/order-types';
import { formatDateTime } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';

const SCORES = [1, 2, 3, 4, 5] as const;

export function VoiceCalls({ order }: { order: OrderView }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const query = useQuery(trpc.voice.calls.queryOptions({ orderId: order.id }));
  const record = useMutation(
    trpc.voice.recordSatisfaction.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries(trpc.orders.pathFilter()) }),
  );
  const calls = query.data?.calls ?? [];
  const followedUp = calls.some((c) => c.kind === 'follow_up' && c.status === 'recorded');
  if (!query.data) return null;
  return (
    <div data-testid="voice-calls" data-count={calls.length} className="space-y-1 text-[0.8rem]">
      {!query.data.placesCalls ? (
        <p className="text-amber-300" data-testid="voice-recorded-note">
          {t('voice.recordedNote')}
        </p>
      ) : null}
      {calls.length === 0 ? <p className="text-slate-500">—</p> : null}
      {calls.map((c) => (
        <details
          key={c.id}
          data-testid="voice-call"
          data-kind={c.kind}
          data-status={c.status}
          className="rounded border border-slate-700 px-2 py-1"
        >
          <summary className="cursor-pointer text-slate-200">
            {t(`voice.kind.${c.kind}`)} · {c.targetName}
            {c.targetPhone ? ` ${c.targetPhone}` : ''} · {t(`voice.status.${c.status}`)}
            <span className="ml-2 text-slate-500">{formatDateTime(c.doneAt ?? c.dueAt, locale)}</span>
          </summary>
          <p className="mt-1 text-slate-400">{c.script}</p>
        </details>
      ))}
      {order.status === 'closed' && followedUp ? (
        order.satisfaction !== null ? (
          <p className="text-emerald-300" data-testid="voice-satisfaction">
            {t('voice.satisfaction', { score: order.satisfaction })}
          </p>
        ) : (
          <div className="flex items-center gap-1" data-testid="voice-satisfaction-entry">
            {SCORES.map((score) => (
              <Button
                key={score}
                disabled={record.isPending}
                onClick={() => record.mutate({ orderId: order.id, score })}
                variant="quiet"
                size="sm"
              >
                {score}
              </Button>
            ))}
          </div>
        )
      ) : null}
      {record.error ? (
        <p role="alert" className="text-red-300">
          {errorMessage(record.error)}
        </p>
      ) : null}
    </div>
  );
}
