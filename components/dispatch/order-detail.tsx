'use client';
/** One order: what, where, how urgent and how late; why it waits for a person; units sent; actions; timeline. */
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { formatDateTime } from '@/domain/i18n/format';
import { cssColour } from '@/components/map/status-colours';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Panel } from '@/components/ui/panel';
import { LinkedAlarms } from '@/components/alarms/linked-alarms';
import { OrderActions } from './order-actions';
import { OrderClockBadge } from '@/components/orders/order-clock-badge';
import { priorityColour } from '@/components/orders/order-colours';
import type { OrderDetail as Detail } from '@/components/orders/order-types';
import { OrderTimeline } from './order-timeline';
import { VoiceCalls } from '@/components/voice/voice-calls';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="border-b border-sky-400/10 px-3 py-2">
      <h3 className="mb-1 text-[0.78rem] font-semibold text-sky-300">{title}</h3>
      {children}
    </section>
  );
}

export function OrderFacts({ detail, categoryName, now }: { detail: Detail; categoryName(code: string | null): string; now: number }) {
  const { t, locale } = useI18n();
  const o = detail.order;
  return (
    <div className="space-y-1 px-3 py-2 text-[0.82rem]">
      <div className="flex items-center gap-2">
        <span className="font-mono text-[1rem] text-sky-100" data-testid="order-detail-code">
          {o.code}
        </span>
        <span className="rounded bg-slate-800 px-2 text-slate-100" data-testid="order-detail-status" data-status={o.status}>
          {t(`orders.status.${o.status}`)}
        </span>
        <span className="rounded px-2 text-slate-950" style={{ background: cssColour(priorityColour(o.priority)) }}>
          {t(`orders.priority.${o.priority}`)}
        </span>
      </div>
      <div className="text-slate-200">
        {categoryName(o.categoryCode)} · {t(`orders.source.${o.source}`)}
        {o.externalRef ? ` · ${o.externalRef}` : ''}
      </div>
      <div className="text-slate-300">{o.address ?? '—'}</div>
      <div className="text-slate-300">{o.description}</div>
      {o.reporterName || o.reporterPhone ? (
        // Masked (138****5678) for roles that do not call people back: the server decides, the screen shows.
        <div className="text-slate-400" data-testid="order-detail-reporter">
          {t('dispatchUi.reporter')}：{[o.reporterName, o.reporterPhone].filter(Boolean).join(' ')}
        </div>
      ) : null}
      <div className="flex flex-wrap gap-x-3 text-[0.78rem]">
        <OrderClockBadge order={o} now={now} />
        <span className="text-slate-500">{t('dispatchUi.received', { time: formatDateTime(o.receivedAt, locale) })}</span>
        {o.escalationLevel > 0 ? <span className="text-red-300">{t(`orders.escalation.${o.escalationLevel}`)}</span> : null}
      </div>
    </div>
  );
}

export function OrderDetailPanel({
  orderId,
  categoryName,
  now,
}: {
  orderId: number;
  categoryName(code: string | null): string;
  now: number;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const query = useQuery(trpc.orders.get.queryOptions({ id: orderId }));
  const detail = query.data;
  return (
    <Panel title={t('dispatchUi.detail')} testId="order-detail" className="h-full" bodyClassName="overflow-y-auto">
      {query.error ? (
        <p role="alert" className="p-3 text-red-300">
          {errorMessage(query.error)}
        </p>
      ) : null}
      {!detail ? (
        <p className="p-3 text-slate-400">{t('dispatchUi.loading')}</p>
      ) : (
        <>
          <OrderFacts detail={detail} categoryName={categoryName} now={now} />
          {detail.order.reviewReasons.length > 0 ? (
            <Section title={t('dispatchUi.reviewReasons')}>
              <ul className="text-[0.8rem] text-amber-200" data-testid="order-review-reasons">
                {detail.order.reviewReasons.map((r, i) => (
                  <li key={i}>{t(`orders.reason.${r.code}`, r as Record<string, string | number>)}</li>
                ))}
              </ul>
            </Section>
          ) : null}
          {detail.assignments.length > 0 ? (
            <Section title={t('dispatchUi.assignedUnits')}>
              <ul className="text-[0.8rem] text-slate-200" data-testid="order-assignments">
                {detail.assignments.map((a) => (
                  <li
                    key={`${a.unitId}-${a.assignedAt.getTime()}`}
                    data-unit-id={a.unitId}
                    className={a.status === 'active' ? '' : 'text-slate-500 line-through'}
                  >
                    {a.unitName} · {t(`unitKind.${a.unitKind}`)} · {a.unitCode}
                  </li>
                ))}
              </ul>
            </Section>
          ) : null}
          <LinkedAlarms orderId={detail.order.id} />
          <Section title={t('dispatchUi.actions')}>
            <OrderActions detail={detail} />
          </Section>
          <Section title={t('voice.title')}>
            <VoiceCalls order={detail.order} />
          </Section>
          <Section title={t('dispatchUi.timeline')}>
            <OrderTimeline entries={detail.timeline} attachments={detail.attachments} />
          </Section>
        </>
      )}
    </Panel>
  );
}
