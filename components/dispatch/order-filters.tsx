'use client';
/** The queue's filters: state (all open by default), category and level. */
import { useI18n } from '@/components/i18n/i18n-provider';
import { controlClass } from '@/components/ui/field';
import { ORDER_STATUSES } from '@/domain/orders/order-values';
import type { CategoryView, OrderStatus } from '@/components/orders/order-types';

export type StatusFilter = 'open' | 'all' | OrderStatus;

export interface QueueFilters {
  status: StatusFilter;
  categoryCode: string | null;
  priority: number | null;
}

export const DEFAULT_FILTERS: QueueFilters = { status: 'open', categoryCode: null, priority: null };

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
    <div className="flex gap-2 border-b border-sky-400/15 p-2">
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
  );
}
