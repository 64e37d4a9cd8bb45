'use client';
/** One task on the phone: back, the facts, a small map of the place, the actions, and the task's timeline. */
import { useQuery } from '@tanstack/react-query';
import { OrderClockBadge } from '@/components/orders/order-clock-badge';
import { OrderTimeline } from '@/components/dispatch/order-timeline';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { lazyMap, MapNeedsNetwork } from './lazy-map';
import { TaskActions } from './task-actions';
import { TaskStatus } from './task-status';
import { useFieldQueue, useTaskStatus } from './use-field-queue';

// MapLibre and deck.gl load only when a task is opened (and there is network to fetch them).
// Its height: the 12rem frame and a one-line caption.
const taskMap = lazyMap(() => import('./task-map'), '13.5rem');

export function TaskDetail({
  orderId,
  categoryName,
  now,
  onBack,
}: {
  orderId: number;
  categoryName(code: string | null): string;
  now: number;
  onBack(): void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const query = useQuery(trpc.orders.myTask.queryOptions({ id: orderId }));
  const detail = query.data;
  const { online } = useFieldQueue();
  // The clock is the server's: it moves on only once the moves made here have reached it.
  const { unsent } = useTaskStatus(detail?.order ?? { id: orderId, status: 'received' });
  return (
    <div className="space-y-4" data-testid="field-task-detail">
      <button type="button" onClick={onBack} data-testid="field-back" className="min-h-[3rem] text-[1rem] text-sky-300">
        ← {t('field.back')}
      </button>
      {query.error ? (
        <p role="alert" className="text-red-300">
          {errorMessage(query.error)}
        </p>
      ) : null}
      {!detail ? (
        <p className="text-slate-400">{t('dispatchUi.loading')}</p>
      ) : (
        <>
          <div className="space-y-2">
            <div className="flex items-center gap-2">
              <h2 className="text-[1.3rem] font-semibold text-sky-50">{categoryName(detail.order.categoryCode)}</h2>
              <TaskStatus order={detail.order} testId="field-detail-status" className="px-2 py-1 text-[0.95rem]" />
            </div>
            <div className="font-mono text-[0.9rem] text-slate-500">
              {detail.order.code} · {t(`orders.priority.${detail.order.priority}`)}
            </div>
            <div className="text-[1.05rem]">
              <OrderClockBadge order={detail.order} now={now} />
            </div>
            {unsent ? (
              <p className="text-[0.85rem] text-amber-300" data-testid="field-clock-unsent">
                {t('field.clockUntilSent')}
              </p>
            ) : null}
            <dl className="space-y-1 text-[1rem]">
              <dt className="text-[0.85rem] text-slate-400">{t('field.address')}</dt>
              <dd className="text-slate-100">{detail.order.address ?? '—'}</dd>
              <dt className="text-[0.85rem] text-slate-400">{t('field.description')}</dt>
              <dd className="text-slate-100">{detail.order.description}</dd>
            </dl>
          </div>
          {detail.order.location ? (
            online || taskMap.loaded() ? (
              <taskMap.Component order={{ ...detail.order, location: detail.order.location }} />
            ) : (
              <MapNeedsNetwork />
            )
          ) : null}
          <TaskActions detail={detail} />
          <section>
            <h3 className="mb-2 text-[0.95rem] font-semibold text-sky-300">{t('dispatchUi.timeline')}</h3>
            <OrderTimeline entries={detail.timeline} attachments={detail.attachments} />
          </section>
        </>
      )}
    </div>
  );
}
