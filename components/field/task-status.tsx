'use client';
import type { OrderStatus } from '@/domain/orders/order-values';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useTaskStatus } from './use-field-queue';

/** The state as the handler left it on this phone (what is done counts, sent or not), marked while not yet sent. */
export function TaskStatus({
  order,
  testId,
  className,
}: {
  order: { id: number; status: OrderStatus };
  testId: string;
  className: string;
}) {
  const { t } = useI18n();
  const { status, unsent } = useTaskStatus(order);
  return (
    <span
      className={`ml-auto rounded text-slate-100 ${unsent ? 'bg-amber-800' : 'bg-slate-700'} ${className}`}
      data-testid={testId}
      data-status={status}
      data-unsent={unsent}
    >
      {t(`orders.status.${status}`)}
      {unsent ? ` · ${t('field.unsent')}` : ''}
    </span>
  );
}
