'use client';
/** The order queue: filters, then one row per order with its level, state, category, place, units and live clock. */
import { useI18n } from '@/components/i18n/i18n-provider';
import { cssColour } from '@/components/map/status-colours';
import { Panel } from '@/components/ui/panel';
import { OrderClockBadge } from '@/components/orders/order-clock-badge';
import { priorityColour } from '@/components/orders/order-colours';
import { OrderFilters, type QueueFilters } from './order-filters';
import type { CategoryView, OrderView } from '@/components/orders/order-types';

export interface OrderQueueProps {
  orders: readonly OrderView[];
  loading: boolean;
  filters: QueueFilters;
  categories: readonly CategoryView[];
  categoryName(code: string | null): string;
  selectedOrderId: number | null;
  now: number;
  onFiltersChange(next: QueueFilters): void;
  onSelect(orderId: number): void;
}

export function OrderQueue(props: OrderQueueProps) {
  const { orders, loading, filters, categories, categoryName, selectedOrderId, now, onFiltersChange, onSelect } = props;
  const { t } = useI18n();
  return (
    <Panel
      title={t('dispatchUi.queue')}
      aside={<span className="text-[0.8rem] text-slate-400">{t('dispatchUi.queueCount', { count: orders.length })}</span>}
      testId="order-queue"
      className="h-full"
      bodyClassName="flex flex-col"
    >
      <OrderFilters value={filters} categories={categories} onChange={onFiltersChange} />
      <ul className="min-h-0 flex-1 overflow-y-auto">
        {loading ? <li className="p-3 text-slate-400">{t('dispatchUi.loading')}</li> : null}
        {!loading && orders.length === 0 ? <li className="p-3 text-slate-400">{t('dispatchUi.queueEmpty')}</li> : null}
        {orders.map((o) => (
          <li key={o.id}>
            <button
              type="button"
              data-testid="order-row"
              data-order-id={o.id}
              data-code={o.code}
              data-status={o.status}
              aria-pressed={o.id === selectedOrderId}
              onClick={() => onSelect(o.id)}
              className={`w-full border-b border-sky-400/10 px-3 py-2 text-left hover:bg-sky-900/30 ${o.id === selectedOrderId ? 'bg-sky-900/50' : ''}`}
            >
              <div className="flex items-center gap-2 text-[0.85rem]">
                <span
                  className="h-[0.65rem] w-[0.65rem] shrink-0 rounded-full"
                  style={{ background: cssColour(priorityColour(o.priority)) }}
                  aria-hidden
                />
                <span className="font-mono text-sky-100">{o.code}</span>
                <span className="ml-auto rounded bg-slate-800 px-1.5 text-[0.75rem] text-slate-200" data-testid="order-row-status">
                  {t(`orders.status.${o.status}`)}
                </span>
              </div>
              <div className="mt-0.5 flex items-center gap-2 text-[0.78rem] text-slate-300">
                <span className="truncate">{categoryName(o.categoryCode)}</span>
                <span className="text-slate-500">·</span>
                <span className="truncate text-slate-400">{o.address ?? o.description}</span>
              </div>
              <div className="mt-0.5 flex items-center gap-2 text-[0.78rem]">
                <OrderClockBadge order={o} now={now} />
                {o.units.length > 0 ? (
                  <span className="ml-auto truncate text-emerald-200" data-testid="order-row-units">
                    {t('dispatchUi.row.units', { units: o.units.map((u) => u.name).join('、') })}
                  </span>
                ) : null}
              </div>
            </button>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
