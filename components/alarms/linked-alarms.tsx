'use client';
/** The alarms linked to a work order (one problem, one incident), for the order's detail; nothing when none. */
import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/client';
import { levelCss } from './alarm-panel';

export function LinkedAlarms({ orderId }: { orderId: number }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const alarms = useQuery(trpc.alarms.forOrder.queryOptions({ orderId }));
  if (!alarms.data?.length) return null;
  return (
    <div className="border-b border-sky-400/10 px-3 py-2">
      <h3 className="mb-1 text-[0.78rem] font-semibold text-sky-300">{t('alarms.panel.linkedAlarms')}</h3>
      <ul data-testid="order-linked-alarms" className="text-[0.8rem] text-slate-200">
        {alarms.data.map((a) => (
          <li key={a.id} className="flex items-center gap-2">
            <span className="h-[0.6rem] w-[0.6rem] rounded-full" style={{ background: levelCss(a.level) }} aria-hidden />
            {t(`alarms.type.${a.type}`)} · {a.objectName ?? a.objectCode} · {t(`alarms.status.${a.status}`)} ·{' '}
            {formatDateTime(a.firstSeenAt, locale)}
            {a.count > 1 ? ` ${t('alarms.panel.repeats', { n: a.count })}` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
