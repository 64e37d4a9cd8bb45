'use client';
/** An order's live countdown, coloured at ≥ 80 % of its limit and when past it. */
import { useI18n } from '@/components/i18n/i18n-provider';
import { DEADLINE_TEXT } from './order-colours';
import { formatDuration, liveClock } from './order-clock';
import type { OrderView } from './order-types';

export function OrderClockBadge({ order, now, className = '' }: { order: OrderView; now: number; className?: string }) {
  const { t } = useI18n();
  const clock = liveClock(order, now);
  if (!clock.running) return <span className={`text-slate-500 ${className}`}>{t('dispatchUi.clock.stopped')}</span>;
  const time = formatDuration(clock.msLeft);
  return (
    <span
      data-testid="order-clock"
      data-state={clock.state}
      className={`tabular-nums font-semibold ${DEADLINE_TEXT[clock.state]} ${className}`}
    >
      {order.clock.name ? `${t(`orders.clock.${order.clock.name}`)} · ` : ''}
      {clock.msLeft >= 0 ? t('dispatchUi.clock.left', { time }) : t('dispatchUi.clock.over', { time })}
    </span>
  );
}
