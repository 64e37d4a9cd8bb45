'use client';
/** 知识库统计: published entries by type, category, owning department and freshness, each as a ranked list with bars. */
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/client';
import { formatNumber } from '@/domain/i18n/format';

interface Row {
  label: string;
  count: number;
}

function CountList({ title, rows, testId }: { title: string; rows: Row[]; testId: string }) {
  const { locale } = useI18n();
  const top = Math.max(1, ...rows.map((r) => r.count));
  return (
    <div data-testid={testId} className="min-w-0">
      <h3 className="mb-1 text-sm text-slate-400">{title}</h3>
      <ul className="max-h-56 space-y-0.5 overflow-y-auto pr-1 text-sm">
        {rows.map((r) => (
          <li key={r.label} className="grid grid-cols-[minmax(0,8rem)_1fr_auto] items-center gap-2">
            <span className="truncate" title={r.label}>
              {r.label}
            </span>
            <span className="h-2 rounded bg-sky-500/70" style={{ width: `${(100 * r.count) / top}%` }} aria-hidden />
            <span className="tabular-nums text-slate-300">{formatNumber(r.count, locale)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function KnowledgeStats() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const stats = useQuery(trpc.knowledge.statistics.queryOptions());
  const s = stats.data;
  if (!s) return <p className="text-sm text-slate-400">{t('app.loading')}</p>;
  return (
    <div>
      <p className="mb-3 text-sm text-slate-300" data-testid="knowledge-stats-published">
        {t('knowledge.stats.published', { n: formatNumber(s.published, locale) })}
      </p>
      <div className="grid grid-cols-4 gap-4">
        <CountList
          testId="knowledge-stats-type"
          title={t('knowledge.stats.byType')}
          rows={s.byType.map((r) => ({ label: t(`knowledge.type.${r.key}`), count: r.count }))}
        />
        <CountList
          testId="knowledge-stats-category"
          title={t('knowledge.stats.byCategory')}
          rows={s.byCategory.map((r) => ({ label: r.key ?? t('knowledge.stats.none'), count: r.count }))}
        />
        <CountList
          testId="knowledge-stats-department"
          title={t('knowledge.stats.byDepartment')}
          rows={s.byDepartment.map((r) => ({ label: r.key ?? t('knowledge.stats.none'), count: r.count }))}
        />
        <CountList
          testId="knowledge-stats-freshness"
          title={t('knowledge.stats.byFreshness')}
          rows={s.byFreshness.map((r) => ({ label: t(`knowledge.stats.fresh.${r.key}`), count: r.count }))}
        />
      </div>
    </div>
  );
}
