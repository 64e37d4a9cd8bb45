'use client';
/**
 * System administrator: the position history's writer (rows queued, written, dropped when the queue was full,
 * failing since when and why — a full disk shows here) and the days kept, full or thinned.
 */
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/client';
import { formatDateTime, formatNumber } from '@/domain/i18n/format';

export function PositionHistoryPanel() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const health = useQuery(trpc.positions.health.queryOptions(undefined, { refetchInterval: 30_000 }));
  const h = health.data;
  return (
    <section data-testid="admin-position-history" className="mb-4 mt-4 rounded-lg border border-slate-700 bg-slate-900/70 p-4 text-sm">
      <h2 className="mb-2 text-lg font-semibold">{t('admin.history.title')}</h2>
      {h && (
        <ul className="space-y-1">
          <li data-testid="history-writer" className={h.failingSince !== null ? 'text-red-300' : undefined}>
            {h.failingSince !== null
              ? t('admin.history.failing', { at: formatDateTime(new Date(h.failingSince), locale), message: h.lastError ?? '' })
              : t('admin.history.ok', { written: formatNumber(h.written, locale, 0), queued: formatNumber(h.queued, locale, 0) })}
          </li>
          {h.dropped + h.failed > 0 && (
            <li className="text-amber-300">
              {t('admin.history.lost', { dropped: formatNumber(h.dropped, locale, 0), failed: formatNumber(h.failed, locale, 0) })}
            </li>
          )}
          <li data-testid="history-days">
            {t('admin.history.days', {
              full: h.days.filter((d) => !d.thinned).length,
              thinned: h.days.filter((d) => d.thinned).length,
              oldest: h.days.at(-1)?.day ?? '—',
            })}
          </li>
        </ul>
      )}
    </section>
  );
}
