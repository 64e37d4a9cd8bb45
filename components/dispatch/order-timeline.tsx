'use client';
/** 全流程留痕: every ledger event of an order, oldest first — who (and in which role), when, the move, the note. */
import { useI18n } from '@/components/i18n/i18n-provider';
import { formatDateTime } from '@/components/i18n/format';
import type { TimelineEntry } from './order-types';

function roleLabel(t: (key: string) => string, role: string): string {
  return role === 'system' ? t('orders.actor.system') : t(`role.${role}`);
}

export function OrderTimeline({ entries }: { entries: readonly TimelineEntry[] }) {
  const { t, locale } = useI18n();
  return (
    <ol data-testid="order-timeline" className="relative ml-2 border-l border-sky-400/30">
      {entries.map((e) => (
        <li key={e.id} data-testid="timeline-entry" data-action={e.action} className="mb-2 ml-3">
          <span className="absolute -left-[0.3rem] mt-[0.35rem] h-[0.6rem] w-[0.6rem] rounded-full bg-sky-400" aria-hidden />
          <div className="flex flex-wrap items-baseline gap-x-2 text-[0.8rem]">
            <span className="font-semibold text-sky-100">{t(`orders.action.${e.action}`)}</span>
            {e.from && e.from !== e.to ? (
              <span className="text-slate-400">{t('dispatchUi.timelineMove', { from: t(`orders.status.${e.from}`), to: t(`orders.status.${e.to}`) })}</span>
            ) : null}
            <span className="ml-auto tabular-nums text-[0.72rem] text-slate-500">{formatDateTime(e.at, locale)}</span>
          </div>
          <div className="text-[0.75rem] text-slate-400">
            {e.actorName} · {roleLabel(t, e.actorRole)}
          </div>
          {e.note ? <div className="text-[0.75rem] text-slate-300">{e.note}</div> : null}
        </li>
      ))}
    </ol>
  );
}
