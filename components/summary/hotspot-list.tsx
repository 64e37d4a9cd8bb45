/** This week's busiest places on the 12345 hotline, with how they compare with their usual level. */
import { formatNumber } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import type { RouterOutputs } from '@/components/trpc/router-outputs';

type LeaderSummary = RouterOutputs['summary']['leader'];

export function HotspotList({ hotspots }: { hotspots: LeaderSummary['hotline']['hotspots'] }) {
  const { t, locale } = useI18n();
  if (hotspots.length === 0) return <p className="py-2 text-[0.9rem] text-slate-400">{t('summary.hotspotsNone')}</p>;
  return (
    <ol className="divide-y divide-sky-400/10">
      {hotspots.map((h, i) => (
        <li key={`${h.address}-${i}`} className="flex items-baseline gap-2 py-2" data-testid="summary-hotspot">
          <span className="w-5 shrink-0 text-right font-semibold text-sky-300">{i + 1}</span>
          <div className="min-w-0 flex-1">
            <div className="truncate text-[0.95rem] text-slate-100">{h.address ?? '—'}</div>
            <div className="text-[0.75rem] text-slate-400">
              {(locale === 'zh' ? h.subDistrictZh : h.subDistrictEn) ?? ''} ·{' '}
              {t('summary.hotspotExpected', { n: formatNumber(h.expected, locale) })}
            </div>
          </div>
          <span className="shrink-0 text-[0.9rem] font-semibold tabular-nums text-slate-100">
            {t('summary.hotspotTickets', { n: h.tickets })}
          </span>
          {h.emerging ? (
            <span className="shrink-0 rounded bg-amber-500/20 px-1.5 text-[0.7rem] text-amber-200">{t('summary.emerging')}</span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
