'use client';
/**
 * Register a new order (受理登记): source, category, level (the category's default unless chosen), description,
 * address, and the place — picked on the map, which stays live while the form is open. The automatic check runs
 * on the server at once: a regular order may already be dispatched when the form closes.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { controlClass } from '@/components/ui/field';
import { Panel } from '@/components/ui/panel';
import { ORDER_SOURCES } from '@/domain/orders/order-values';
import { applyOrderView } from '@/components/orders/order-cache';
import type { CategoryView, LngLatPoint } from '@/components/orders/order-types';

const FIELD = controlClass('sm', 'w-full text-[0.85rem]', 'wall');
type Source = (typeof ORDER_SOURCES)[number];
/** A person registers what reached them by phone, platform, patrol or Open311; sensors report by themselves. */
const PERSON_SOURCES = ORDER_SOURCES.filter((s) => s !== 'sensor');

export interface NewOrderFormProps {
  categories: readonly CategoryView[];
  point: LngLatPoint | null;
  onCreated(orderId: number): void;
  onCancel(): void;
}

export function NewOrderForm({ categories, point, onCreated, onCancel }: NewOrderFormProps) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [source, setSource] = useState<Source>('hotline_12345');
  const [categoryCode, setCategoryCode] = useState('');
  const [priority, setPriority] = useState('');
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const create = useMutation(
    trpc.orders.create.mutationOptions({
      onSuccess: (result) => {
        applyOrderView(queryClient, trpc, result.order);
        onCreated(result.order.id);
      },
    }),
  );
  const ready = Boolean(categoryCode && description.trim() && point);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready || !point) return;
    create.mutate({
      source,
      categoryCode,
      priority: priority ? Number(priority) : undefined,
      description: description.trim(),
      address: address.trim() || null,
      location: point,
    });
  };
  const label = (text: string, control: React.ReactNode) => (
    <label className="block space-y-1 text-[0.78rem] text-slate-300">
      <span>{text}</span>
      {control}
    </label>
  );
  return (
    <Panel title={t('dispatchUi.newOrder.title')} testId="new-order" className="h-full" bodyClassName="overflow-y-auto">
      <form onSubmit={submit} className="space-y-2 p-3">
        {label(
          t('dispatchUi.newOrder.source'),
          <select data-testid="new-order-source" className={FIELD} value={source} onChange={(e) => setSource(e.target.value as Source)}>
            {PERSON_SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`orders.source.${s}`)}
              </option>
            ))}
          </select>,
        )}
        {label(
          t('dispatchUi.newOrder.category'),
          <select
            data-testid="new-order-category"
            className={FIELD}
            value={categoryCode}
            onChange={(e) => setCategoryCode(e.target.value)}
            required
          >
            <option value="">{t('dispatchUi.newOrder.chooseCategory')}</option>
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {locale === 'en' ? `${c.groupNameEn} · ${c.nameEn}` : `${c.groupNameZh} · ${c.nameZh}`}
              </option>
            ))}
          </select>,
        )}
        {label(
          t('dispatchUi.newOrder.priority'),
          <select data-testid="new-order-priority" className={FIELD} value={priority} onChange={(e) => setPriority(e.target.value)}>
            <option value="">{t('dispatchUi.newOrder.priorityDefault')}</option>
            {[1, 2, 3, 4].map((p) => (
              <option key={p} value={p}>
                {t(`orders.priority.${p}`)}
              </option>
            ))}
          </select>,
        )}
        {label(
          t('dispatchUi.newOrder.description'),
          <textarea
            data-testid="new-order-description"
            className={`${FIELD} h-[5rem]`}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            required
            maxLength={2000}
          />,
        )}
        {label(
          t('dispatchUi.newOrder.address'),
          <input
            data-testid="new-order-address"
            className={FIELD}
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            maxLength={200}
          />,
        )}
        <div className="text-[0.78rem]">
          <span className="text-slate-300">{t('dispatchUi.newOrder.location')}：</span>
          <span data-testid="new-order-point" className={point ? 'text-emerald-300' : 'text-amber-300'}>
            {point
              ? t('dispatchUi.newOrder.picked', { lng: point.lng.toFixed(5), lat: point.lat.toFixed(5) })
              : t('dispatchUi.newOrder.pickOnMap')}
          </span>
        </div>
        {create.error ? (
          <p role="alert" className="text-[0.8rem] text-red-300">
            {errorMessage(create.error)}
          </p>
        ) : null}
        <div className="flex gap-2 pt-1">
          <button
            type="submit"
            data-testid="new-order-submit"
            disabled={!ready || create.isPending}
            className="rounded border border-emerald-400/60 bg-emerald-800/50 px-4 py-1 text-emerald-50 disabled:opacity-40"
          >
            {t('dispatchUi.newOrder.submit')}
          </button>
          <button type="button" onClick={onCancel} className="rounded border border-slate-500 px-4 py-1 text-slate-200">
            {t('dispatchUi.newOrder.cancel')}
          </button>
        </div>
      </form>
    </Panel>
  );
}
