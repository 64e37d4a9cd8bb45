/** Orders past their limit, most urgent first: what a leader may want to push on today. */
import { useI18n } from '@/components/i18n/i18n-provider';
import type { RouterOutputs } from '@/components/trpc/router-outputs';

type LeaderSummary = RouterOutputs['summary']['leader'];
import { durationWords } from './duration-words';

export function OverdueList({ orders, now }: { orders: LeaderSummary['overdue']; now: number }) {
  const { t, locale } = useI18n();
  if (orders.length === 0)
    return (
      <p className="py-2 text-[0.9rem] text-emerald-300" data-testid="summary-overdue-none">
        {t('summary.overdueNone')}
      </p>
    );
  return (
    <ul className="divide-y divide-sky-400/10">
      {orders.map((o) => (
        <li key={o.code} className="py-2" data-testid="summary-overdue-item">
          <div className="flex items-baseline justify-between gap-2">
            <span className="truncate text-[0.95rem] text-slate-100">{(locale === 'zh' ? o.categoryZh : o.categoryEn) ?? o.code}</span>
            <span className="shrink-0 text-[0.8rem] font-semibold text-red-300">
              {t('summary.overdueBy', { duration: durationWords(now - o.resolveBy.getTime(), t) })}
            </span>
          </div>
          <div className="mt-0.5 flex flex-wrap gap-x-3 text-[0.75rem] text-slate-400">
            <span className="font-mono">{o.code}</span>
            <span>{(locale === 'zh' ? o.subDistrictZh : o.subDistrictEn) ?? ''}</span>
            <span>{t(`orders.status.${o.status}`)}</span>
            <span>{t(`orders.priority.${o.priority}`)}</span>
            {o.escalationLevel > 0 ? (
              <span className="text-amber-300">{t('summary.escalationLevel', { level: o.escalationLevel })}</span>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
