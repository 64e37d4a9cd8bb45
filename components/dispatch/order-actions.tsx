'use client';
/**
 * The lifecycle moves the signed-in person may make on an order in its state, as the lifecycle module defines them
 * for their role (dispatching and 改派 are done from the candidates, which choose the units): 催办, 撤回, 督办 with
 * the date it must be done by, checks, extensions. A move that needs a reason asks for one first; a refusal shows
 * the server's message, e.g. who changed the order first.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { actionsForRole, actorKindOf, needsNote, type OrderAction } from '@/domain/orders/lifecycle';
import { isRole, type Role } from '@/domain/auth/roles';
import { fromShanghaiLocalInput, shanghaiLocalInput } from '@/domain/shanghai-time';
import { applyOrderView } from '@/components/orders/order-cache';
import type { OrderDetail } from '@/components/orders/order-types';

/** Moves made elsewhere on this screen (candidates) or that need a pending extension to exist. */
const FROM_CANDIDATES: ReadonlySet<OrderAction> = new Set(['dispatch', 'add_unit', 'reassign']);
const EXTENSION_DECISIONS: ReadonlySet<OrderAction> = new Set(['approve_extension', 'reject_extension']);
/** A 督办 is due this long after now unless the person chooses another time. */
const DEFAULT_DUE_MS = 2 * 3600_000;

export function personActions(detail: OrderDetail, role: Role): OrderAction[] {
  const pendingExtension = detail.extensions.some((x) => x.status === 'pending');
  return actionsForRole(detail.order.status, role).filter(
    (a) => !FROM_CANDIDATES.has(a) && (pendingExtension || !EXTENSION_DECISIONS.has(a)),
  );
}

/** `quiet`: nothing at all when the person has no move here (the wall, where most viewers only watch). */
export function OrderActions({ detail, quiet = false }: { detail: OrderDetail; quiet?: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [pending, setPending] = useState<OrderAction | null>(null);
  const [note, setNote] = useState('');
  const [dueBy, setDueBy] = useState('');
  const transition = useMutation(
    trpc.orders.transition.mutationOptions({
      onSuccess: (view) => {
        setPending(null);
        setNote('');
        applyOrderView(queryClient, trpc, view);
      },
    }),
  );
  if (!user || !isRole(user.role)) return null;
  const role = user.role;
  const actions = personActions(detail, role);
  const mustExplain = (action: OrderAction) => {
    const kind = actorKindOf(role, action);
    return kind !== null && needsNote(action, kind);
  };
  const asksFirst = (action: OrderAction) => mustExplain(action) || action === 'escalate' || action === 'remind';
  const due = fromShanghaiLocalInput(dueBy);
  const run = (action: OrderAction) => {
    if (asksFirst(action) && pending !== action) {
      setPending(action);
      setDueBy(shanghaiLocalInput(new Date(Date.now() + DEFAULT_DUE_MS)));
      transition.reset();
      return;
    }
    transition.mutate({
      orderId: detail.order.id,
      action,
      expectedVersion: detail.order.version,
      note: note.trim() || null,
      ...(action === 'escalate' && due ? { dueBy: due } : {}),
    });
  };
  const ready = pending !== null && (!mustExplain(pending) || note.trim() !== '') && (pending !== 'escalate' || due !== null);

  if (actions.length === 0) return quiet ? null : <p className="text-[0.8rem] text-slate-500">{t('dispatchUi.noActions')}</p>;
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
        <div className="flex flex-wrap gap-2">
          <input
            data-testid="order-action-note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t(mustExplain(pending) ? 'dispatchUi.notePlaceholder' : 'dispatchUi.noteOptional')}
            aria-label={t('dispatchUi.notePlaceholder')}
            className="min-w-0 flex-1 rounded border border-sky-400/30 bg-slate-950/80 px-2 py-1 text-[0.85rem] text-slate-100"
          />
          {pending === 'escalate' ? (
            <label className="flex items-center gap-1 text-[0.78rem] text-slate-300">
              {t('dispatchUi.dueBy')}
              <input
                type="datetime-local"
                data-testid="order-action-due"
                value={dueBy}
                onChange={(e) => setDueBy(e.target.value)}
                className="rounded border border-sky-400/30 bg-slate-950/80 px-1 py-1 text-[0.8rem] text-slate-100"
              />
            </label>
          ) : null}
          <button
            type="button"
            data-testid="order-action-confirm"
            disabled={!ready || transition.isPending}
            onClick={() => run(pending)}
            className="rounded border border-amber-300 bg-amber-800/50 px-3 text-[0.85rem] text-amber-50 disabled:opacity-50"
          >
            {t(`orders.action.${pending}`)}
          </button>
        </div>
      ) : null}
      {pending && mustExplain(pending) && !note.trim() ? (
        <p className="text-[0.75rem] text-amber-300">{t('dispatchUi.noteRequired')}</p>
      ) : null}
      {transition.isSuccess && !pending ? (
        <p data-testid="order-action-done" className="text-[0.78rem] text-emerald-300">
          {t('dispatchUi.actionDone', { action: t(`orders.action.${transition.variables.action}`) })}
        </p>
      ) : null}
      {transition.error ? (
        <p role="alert" data-testid="order-action-error" className="text-[0.8rem] text-red-300">
          {errorMessage(transition.error)}
        </p>
      ) : null}
    </div>
  );
}
