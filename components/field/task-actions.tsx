'use client';
/**
 * What a field unit may do with its task, as the lifecycle allows in the task's state: accept, return with a
 * reason, start (with photos of the place before the work, if taken), ask for more time (minutes and a reason),
 * and report the work done with photos of the result (at least one). Without network an action waits on the
 * phone (use-field-queue.tsx), listed as waiting until it has been sent, and the task moves on from the state it
 * will be in: accept, start and finish all work in a place with no signal.
 */
import { useState } from 'react';
import type { OrderDetail } from '@/components/orders/order-types';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage } from '@/components/trpc/client';
import { EvidenceCapture } from './evidence-capture';
import { type FieldPhoto, photoRefs, takeFieldPhoto } from './field-photo';
import { waitingMoves } from './offline-queue';
import { useFieldQueue, useTaskStatus } from './use-field-queue';
import { availableActions, type OrderAction } from '@/domain/orders/lifecycle';

const BIG = 'min-h-[3.5rem] w-full rounded-xl px-4 text-[1.1rem] font-semibold disabled:opacity-40';
const PRIMARY = `${BIG} bg-emerald-600 text-white active:bg-emerald-700`;
const SECONDARY = `${BIG} border border-slate-500 bg-slate-800 text-slate-100 active:bg-slate-700`;
const FIELD = 'w-full rounded-lg border border-slate-500 bg-slate-950 p-3 text-[1rem] text-slate-100';
const DEFAULT_EXTENSION_MINUTES = 60;

type Form = 'return' | 'request_extension' | null;

export function TaskActions({ detail }: { detail: OrderDetail }) {
  const { t } = useI18n();
  const errorMessage = useErrorMessage();
  const queue = useFieldQueue();
  const [form, setForm] = useState<Form>(null);
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState(DEFAULT_EXTENSION_MINUTES);
  const [photos, setPhotos] = useState<FieldPhoto[]>([]);
  const [beforePhotos, setBeforePhotos] = useState<FieldPhoto[]>([]);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const order = detail.order;
  const queuedMoves = waitingMoves(queue.entries, order.id);
  const { status } = useTaskStatus(order);
  const transition = { isPending: pending, error };
  const allowed = new Set(availableActions(status, 'field'));
  const extensionPending = detail.extensions.some((x) => x.status === 'pending');
  const send = (
    action: OrderAction,
    extra: { note?: string; extensionMinutes?: number; photos?: FieldPhoto[]; purpose?: 'before' | 'after' } = {},
  ) => {
    setPending(true);
    setError(null);
    queue
      .run({
        kind: 'transition',
        input: {
          orderId: order.id,
          action,
          expectedVersion: order.version,
          note: extra.note ?? null,
          extensionMinutes: extra.extensionMinutes,
        },
        photos: extra.photos && photoRefs(extra.photos, extra.purpose ?? 'after'),
      })
      .then(() => {
        setForm(null);
        setReason('');
        if (extra.purpose === 'before') setBeforePhotos([]);
        else if (extra.photos) setPhotos([]);
      }, setError)
      .finally(() => setPending(false));
  };

  if (form) {
    const isReturn = form === 'return';
    return (
      <div className="space-y-3" data-testid={`field-form-${form}`}>
        {!isReturn ? (
          <label className="block space-y-1 text-[0.95rem] text-slate-300">
            <span>{t('field.extensionMinutes')}</span>
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={10080}
              value={minutes}
              onChange={(e) => setMinutes(Number(e.target.value))}
              className={FIELD}
              data-testid="field-extension-minutes"
            />
          </label>
        ) : null}
        <label className="block space-y-1 text-[0.95rem] text-slate-300">
          <span>{isReturn ? t('field.returnReason') : t('field.extensionReason')}</span>
          <textarea
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            className={`${FIELD} h-[6rem]`}
            data-testid="field-reason"
            maxLength={1000}
          />
        </label>
        {transition.error ? (
          <p role="alert" className="text-[0.95rem] text-red-300">
            {errorMessage(transition.error)}
          </p>
        ) : null}
        <button
          type="button"
          className={PRIMARY}
          data-testid="field-form-submit"
          disabled={!reason.trim() || transition.isPending}
          onClick={() => send(form, { note: reason.trim(), extensionMinutes: isReturn ? undefined : minutes })}
        >
          {t('field.submit')}
        </button>
        <button type="button" className={SECONDARY} onClick={() => setForm(null)}>
          {t('field.cancel')}
        </button>
      </div>
    );
  }

  return (
    <div className="space-y-3">
      {queuedMoves.length ? (
        <p
          data-testid="field-queued"
          data-moves={queuedMoves.join(' ')}
          className="rounded-lg border border-amber-400/50 bg-amber-900/30 px-3 py-2 text-[1rem] text-amber-200"
        >
          {t('field.queuedMoves', { moves: queuedMoves.map((a) => t(`orders.action.${a}`)).join(' → ') })}
        </p>
      ) : null}
      {allowed.has('accept') ? (
        <button type="button" className={PRIMARY} data-testid="field-accept" disabled={transition.isPending} onClick={() => send('accept')}>
          {t('field.accept')}
        </button>
      ) : null}
      {allowed.has('start') ? (
        <div className="space-y-2">
          <EvidenceCapture
            photos={beforePhotos}
            onChange={setBeforePhotos}
            take={takeFieldPhoto}
            takeLabel={t('field.photoBeforeTake')}
            emptyHint={t('field.photoBeforeHint')}
          />
          <button
            type="button"
            className={PRIMARY}
            data-testid="field-start"
            disabled={transition.isPending}
            onClick={() => send('start', { photos: beforePhotos, purpose: 'before' })}
          >
            {t('field.start')}
          </button>
        </div>
      ) : null}
      {allowed.has('complete') ? (
        <div className="space-y-2">
          <EvidenceCapture photos={photos} onChange={setPhotos} take={takeFieldPhoto} />
          <button
            type="button"
            className={PRIMARY}
            data-testid="field-complete"
            disabled={photos.length === 0 || transition.isPending}
            onClick={() => send('complete', { photos })}
          >
            {t('field.complete')}
          </button>
        </div>
      ) : null}
      {status === 'awaiting_check' ? <p className="text-[1rem] text-emerald-300">{t('field.awaitingCheck')}</p> : null}
      {allowed.has('request_extension') ? (
        extensionPending ? (
          <p className="text-[0.95rem] text-amber-300" data-testid="field-extension-pending">
            {t('field.extensionPending')}
          </p>
        ) : (
          <button type="button" className={SECONDARY} data-testid="field-extension" onClick={() => setForm('request_extension')}>
            {t('field.extension')}
          </button>
        )
      ) : null}
      {allowed.has('return') ? (
        <button type="button" className={SECONDARY} data-testid="field-return" onClick={() => setForm('return')}>
          {t('field.return')}
        </button>
      ) : null}
      {transition.error ? (
        <p role="alert" data-testid="field-action-error" className="text-[0.95rem] text-red-300">
          {errorMessage(transition.error)}
        </p>
      ) : null}
    </div>
  );
}
