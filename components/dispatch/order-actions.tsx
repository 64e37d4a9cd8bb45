'use client';
/**
 * The lifecycle moves a dispatcher may make on an order in its state, as the lifecycle module defines them
 * (dispatching itself is done from the candidates). A move that needs a reason asks for one first; a refusal
 * shows the server's message, e.g. who changed the order first.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { availableActions, type OrderAction, TRANSITIONS } from '@/domain/orders/lifecycle';
import { applyOrderView } from '@/components/orders/order-cache';
import type { OrderDetail } from '@/components/orders/order-types';

/** Moves made elsewhere on this screen (candidates) or that need a pending extension to exist. */
const FROM_CANDIDATES: ReadonlySet<OrderAction> = new Set(['dispatch', 'add_unit']);
const EXTENSION_DECISIONS: ReadonlySet<OrderAction> = new Set(['approve_extension', 'reject_extension']);

export function dispatcherActions(detail: OrderDetail): OrderAction[] {
  const pendingExtension = detail.extensions.some((x) => x.status === 'pending');
  return availableActions(detail.order.status, 'dispatcher').filter(
    (a) => !FROM_CANDIDATES.has(a) && (pendingExtension || !EXTENSION_DECISIONS.has(a)),
  );
}

export function OrderActions({ detail }: { detail: OrderDetail }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [pending, setPending] = useState<OrderAction | null>(null);
  const [note, setNote] = useState('');
  const transition = useMutation(
    trpc.orders.transition.mutationOptions({
      onSuccess: (view) => {
        setPending(null);
        setNote('');
        applyOrderView(queryClient, trpc, view);
      },
    }),
  );
  const actions = dispatcherActions(detail);
  const run = (action: OrderAction) => {
    if (TRANSITIONS[action].needsNote && pending !== action) {
      setPending(action);
      transition.reset();
      return;
    }
    transition.mutate({ orderId: detail.order.id, action, expectedVersion: detail.order.version, note: note.trim() || null });
  };

  if (actions.length === 0) return <p className="text-[0.8rem] text-slate-500">{t('dispatchUi.noActions')}</p>;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {actions.map((a) => (
          <button
            key={a}
            type="button"
            data-testid={`order-action-${a}`}
            disabled={transition.isPending}
            onClick={() => run(a)}
            className={`rounded border px-3 py-1 text-[0.85rem] ${pending === a ? 'border-amber-300 bg-amber-900/40 text-amber-100' : 'border-sky-400/40 bg-sky-900/40 text-sky-100 hover:bg-sky-800/60'} disabled:opacity-50`}
          >
            {t(`orders.action.${a}`)}
          </button>
        ))}
      </div>
      {pending ? (
        <div className="flex gap-2">
          <input
            data-testid="order-action-note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t('dispatchUi.notePlaceholder')}
            className="min-w-0 flex-1 rounded border border-sky-400/30 bg-slate-950/80 px-2 py-1 text-[0.85rem] text-slate-100"
          />
          <button
            type="button"
            data-testid="order-action-confirm"
            disabled={!note.trim() || transition.isPending}
            onClick={() => run(pending)}
            className="rounded border border-amber-300 bg-amber-800/50 px-3 text-[0.85rem] text-amber-50 disabled:opacity-50"
          >
            {t(`orders.action.${pending}`)}
          </button>
        </div>
      ) : null}
      {pending && !note.trim() ? <p className="text-[0.75rem] text-amber-300">{t('dispatchUi.noteRequired')}</p> : null}
      {transition.error ? (
        <p role="alert" data-testid="order-action-error" className="text-[0.8rem] text-red-300">
          {errorMessage(transition.error)}
        </p>
      ) : null}
    </div>
  );
}
