'use client';
/**
 * The queue's filters: state (all open by default), category and level; a search by code or address, by the unit
 * working on it, and since when it was received (Shanghai days).
 */
import { useEffect, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { controlClass } from '@/components/ui/field';
import { ORDER_STATUSES } from '@/domain/orders/order-values';
import { shanghaiDayStart } from '@/domain/shanghai-time';
import type { CategoryView, OrderStatus } from '@/components/orders/order-types';

export type StatusFilter = 'open' | 'all' | OrderStatus;

export type SinceFilter = 'any' | 'today' | 'last24h' | 'last7d';

export interface QueueFilters {
  status: StatusFilter;
  categoryCode: string | null;
  priority: number | null;
  /** Code or address (and description) contains. */
  text: string;
  /** A unit on the order, by code or name. */
  unitText: string;
  since: SinceFilter;
  /** The instant `since` meant when it was chosen (fixed then, so the query stays the same while shown). */
  receivedFrom: Date | null;
}

export const DEFAULT_FILTERS: QueueFilters = {
  status: 'open',
  categoryCode: null,
  priority: null,
  text: '',
  unitText: '',
  since: 'any',
  receivedFrom: null,
};

const HOUR_MS = 3_600_000;

function receivedFrom(since: SinceFilter, now: Date): Date | null {
  if (since === 'today') return shanghaiDayStart(now);
  if (since === 'last24h') return new Date(now.getTime() - 24 * HOUR_MS);
  if (since === 'last7d') return new Date(now.getTime() - 7 * 24 * HOUR_MS);
  return null;
}

/** A text box that tells its value a moment after typing stops, so each keystroke does not ask the server. */
function SearchBox({ value, onChange, label, testId }: { value: string; onChange(v: string): void; label: string; testId: string }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => {
    if (draft.trim() === value) return;
    const timer = setTimeout(() => onChange(draft.trim()), 300);
    return () => clearTimeout(timer);
  }, [draft, value, onChange]);
  return (
    <input
      type="search"
      aria-label={label}
      placeholder={label}
      data-testid={testId}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      className={SELECT}
    />
  );
}

const SELECT = controlClass('sm', 'min-w-0 flex-1 text-[0.8rem]', 'wall');

export function OrderFilters({
  value,
  categories,
  onChange,
}: {
  value: QueueFilters;
  categories: readonly CategoryView[];
  onChange(next: QueueFilters): void;
}) {
  const { t, locale } = useI18n();
  return (
    <div className="space-y-2 border-b border-sky-400/15 p-2">
      {/* The search has a row of its own: in the queue's column a third of it cut its own placeholder short. */}
      <div className="flex">
        <SearchBox
          value={value.text}
          onChange={(text) => onChange({ ...value, text })}
          label={t('dispatchUi.filter.search')}
          testId="filter-text"
        />
      </div>
      <div className="flex gap-2">
        <SearchBox
          value={value.unitText}
          onChange={(unitText) => onChange({ ...value, unitText })}
          label={t('dispatchUi.filter.unit')}
          testId="filter-unit"
        />
        <select
          aria-label={t('dispatchUi.filter.since')}
          data-testid="filter-since"
          className={SELECT}
          value={value.since}
          onChange={(e) => {
            const since = e.target.value as SinceFilter;
            onChange({ ...value, since, receivedFrom: receivedFrom(since, new Date()) });
          }}
        >
          <option value="any">{t('dispatchUi.filter.anyTime')}</option>
          <option value="today">{t('dispatchUi.filter.today')}</option>
          <option value="last24h">{t('dispatchUi.filter.last24h')}</option>
          <option value="last7d">{t('dispatchUi.filter.last7d')}</option>
        </select>
      </div>
      <div className="flex gap-2">
        <select
          aria-label={t('dispatchUi.filter.status')}
          data-testid="filter-status"
          className={SELECT}
          value={value.status}
          onChange={(e) => onChange({ ...value, status: e.target.value as StatusFilter })}
        >
          <option value="open">{t('dispatchUi.filter.open')}</option>
          <option value="all">{t('dispatchUi.filter.all')}</option>
          {ORDER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`orders.status.${s}`)}
            </option>
          ))}
        </select>
        <select
          aria-label={t('dispatchUi.filter.category')}
          data-testid="filter-category"
          className={SELECT}
          value={value.categoryCode ?? ''}
          onChange={(e) => onChange({ ...value, categoryCode: e.target.value || null })}
        >
          <option value="">
            {t('dispatchUi.filter.category')} · {t('dispatchUi.filter.all')}
          </option>
          {categories.map((c) => (
            <option key={c.code} value={c.code}>
              {locale === 'en' ? c.nameEn : c.nameZh}
            </option>
          ))}
        </select>
        <select
          aria-label={t('dispatchUi.filter.priority')}
          data-testid="filter-priority"
          className={SELECT}
          value={value.priority ?? ''}
          onChange={(e) => onChange({ ...value, priority: e.target.value ? Number(e.target.value) : null })}
        >
          <option value="">
            {t('dispatchUi.filter.priority')} · {t('dispatchUi.filter.all')}
          </option>
          {[1, 2, 3, 4].map((p) => (
            <option key={p} value={p}>
              {t(`orders.priority.${p}`)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
