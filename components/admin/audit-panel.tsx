'use client';
/** Audit administrator: the append-only audit log, newest first, filterable by action, paged backwards. */
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { formatDateTime } from '@/domain/i18n/format';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';

const PAGE = 100;

export function AuditPanel() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const [action, setAction] = useState('');
  const log = useInfiniteQuery(
    trpc.admin.auditLog.infiniteQueryOptions(
      { limit: PAGE, action: action || undefined },
      { getNextPageParam: (page) => (page.length === PAGE ? page[page.length - 1].id : undefined), initialCursor: undefined },
    ),
  );
  const rows = log.data?.pages.flat() ?? [];

  return (
    <section data-testid="admin-audit" className="rounded-lg border border-slate-700 bg-slate-900/70 p-4">
      <div className="mb-3 flex items-center justify-between">
        <h2 className="text-lg font-semibold">{t('admin.audit.title')}</h2>
        <input
          placeholder={t('admin.audit.filterAction')}
          value={action}
          onChange={(e) => setAction(e.target.value.trim())}
          className="rounded border border-slate-600 bg-slate-800 px-2 py-1 text-sm"
        />
      </div>
      <table className="w-full text-left text-sm">
        <thead className="text-slate-400">
          <tr>
            <th>{t('admin.audit.at')}</th>
            <th>{t('admin.audit.actor')}</th>
            <th>{t('admin.audit.action')}</th>
            <th>{t('admin.audit.target')}</th>
            <th>{t('admin.audit.outcome')}</th>
            <th>{t('admin.audit.ip')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t border-slate-800">
              <td className="whitespace-nowrap pr-2">{formatDateTime(r.at, locale)}</td>
              <td>
                {r.actor_username}
                {r.actor_role ? ` (${t(`role.${r.actor_role}`)})` : ''}
              </td>
              <td className="font-mono text-xs">{r.action}</td>
              <td>{r.target ?? ''}</td>
              <td className={r.outcome === 'ok' ? 'text-emerald-300' : 'text-amber-300'}>{r.outcome}</td>
              <td className="font-mono text-xs">{r.ip ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.hasNextPage && (
        <Button variant="quiet" size="xs" className="mt-2" onClick={() => void log.fetchNextPage()}>
          {t('admin.audit.more')}
        </Button>
      )}
    </section>
  );
}
