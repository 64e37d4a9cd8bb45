'use client';
/** System administrator: calls to the outside interfaces per client over the last 30 days (the registry's one count). */
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { formatDateTime, formatNumber } from '@/domain/i18n/format';

export function ClientCallsTable() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const calls = useQuery(trpc.clients.calls.queryOptions(undefined, { refetchInterval: 30_000 }));
  return (
    <div data-testid="admin-client-calls" className="mt-4">
      <h3 className="mb-1 text-sm font-semibold text-slate-300">{t('admin.clients.calls.title')}</h3>
      {calls.error ? (
        <p role="alert" className="text-sm text-red-300">
          {errorMessage(calls.error)}
        </p>
      ) : null}
      <table className="w-full text-left text-sm">
        <thead className="text-slate-400">
          <tr>
            <th className="py-1">{t('admin.clients.calls.client')}</th>
            <th>{t('admin.clients.calls.interface')}</th>
            <th className="text-right">{t('admin.clients.calls.today')}</th>
            <th className="text-right">{t('admin.clients.calls.total')}</th>
            <th className="pl-4">{t('admin.clients.calls.last')}</th>
          </tr>
        </thead>
        <tbody>
          {(calls.data ?? []).map((c) => (
            <tr
              key={`${c.clientId}:${c.interface}`}
              className="border-t border-slate-800"
              data-testid="client-calls-row"
              data-name={c.name}
            >
              <td className="py-1">
                {c.name} <span className="font-mono text-xs text-slate-500">{c.keyPrefix}…</span>
              </td>
              <td>{t(`admin.clients.kind.${c.interface}`)}</td>
              <td className="text-right tabular-nums" data-testid="client-calls-today">
                {formatNumber(c.today, locale)}
              </td>
              <td className="text-right tabular-nums">{formatNumber(c.total, locale)}</td>
              <td className="pl-4">{c.lastAt ? formatDateTime(c.lastAt, locale) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {calls.data?.length === 0 && <p className="mt-2 text-sm text-slate-400">{t('admin.clients.calls.empty')}</p>}
    </div>
  );
}
