'use client';
/** Audit administrator: the append-only audit log, newest first, filterable by action, paged backwards. */
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { formatDateTime } from '@/domain/i18n/format';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { AUDIT_ACTIONS } from '@/domain/audit/audit-actions';
import { auditActionLabel, auditActor, auditOutcomeLabel, auditTarget } from '@/domain/audit/audit-labels';

const PAGE = 100;

export function AuditPanel() {
  const { t } = useI18n();
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
        <select
          aria-label={t('admin.audit.filterAction')}
          data-testid="audit-filter-action"
          value={action}
          onChange={(e) => setAction(e.target.value)}
          className="max-w-[16rem] rounded border border-slate-600 bg-slate-800 px-2 py-1 text-sm"
        >
          <option value="">{t('audit.filter.all')}</option>
          {AUDIT_ACTIONS.map((code) => (
            <option key={code} value={code}>
              {auditActionLabel(code, t)}
            </option>
          ))}
        </select>
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
            <AuditRow key={r.id} row={r} />
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

type AuditRowData = {
  id: number;
  at: Date;
  actor_username: string;
  actor_role: string | null;
  action: string;
  target: string | null;
  outcome: string;
  ip: string | null;
};

/** One entry in words; user names, codes and addresses are names people use, marked so as not to be translated. */
function AuditRow({ row }: { row: AuditRowData }) {
  const { t, locale } = useI18n();
  const actor = row.actor_role === 'system' ? { label: t('audit.actor.system'), name: '' } : auditActor(row.actor_username, t);
  const target = auditTarget(row.target, t);
  return (
    <tr data-testid="audit-row" data-action={row.action} className="border-t border-slate-800">
      <td className="whitespace-nowrap pr-2">{formatDateTime(row.at, locale)}</td>
      <td>
        {actor.label && <span className="mr-1">{actor.label}</span>}
        {actor.name && <span translate="no">{actor.name}</span>}
        {row.actor_role && row.actor_role !== 'system' ? ` (${t(`role.${row.actor_role}`)})` : ''}
      </td>
      <td>{auditActionLabel(row.action, t)}</td>
      <td>
        {target.kind && <span className="mr-1">{target.kind}</span>}
        <span translate="no">{target.name}</span>
      </td>
      <td className={row.outcome === 'ok' ? 'text-emerald-300' : 'text-amber-300'}>{auditOutcomeLabel(row.outcome, t)}</td>
      <td className="font-mono text-xs" translate="no">
        {row.ip ?? ''}
      </td>
    </tr>
  );
}
