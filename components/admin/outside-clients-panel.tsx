'use client';
/**
 * System administrator: the one registry of outside clients — Open311 clients, knowledge terminals, feature-API
 * users — with when each key was last used; issue a key (shown once) or withdraw one (it stops working at once).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { controlClass } from '@/components/ui/field';
import { formatDateTime } from '@/domain/i18n/format';
import { ClientCallsTable } from './client-calls-table';

const KINDS = ['open311', 'terminal', 'feature-api', 'data-source'] as const;
type IssuedKind = (typeof KINDS)[number];

export function OutsideClientsPanel() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [kind, setKind] = useState<IssuedKind>('open311');
  const [name, setName] = useState('');
  const [extended, setExtended] = useState(false);
  const clients = useQuery(trpc.clients.list.queryOptions());
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.clients.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.clients.calls.queryKey() });
  };
  const issue = useMutation(trpc.clients.issue.mutationOptions({ onSuccess: refresh }));
  const withdraw = useMutation(trpc.clients.withdraw.mutationOptions({ onSuccess: refresh }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    issue.mutate({ kind, name, extended: kind === 'terminal' && extended });
  };
  const error = issue.error ?? withdraw.error ?? clients.error;

  return (
    <section data-testid="admin-outside-clients" className="mt-4 rounded-lg border border-slate-700 bg-slate-900/70 p-4">
      <h2 className="mb-1 text-lg font-semibold">{t('admin.clients.title')}</h2>
      <p className="mb-3 text-sm text-slate-400">{t('admin.clients.hint')}</p>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
        <label className="text-xs">
          {t('admin.clients.kind')}
          <br />
          <select
            className={controlClass('sm', 'text-sm')}
            value={kind}
            onChange={(e) => setKind(e.target.value as IssuedKind)}
            data-testid="client-kind"
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`admin.clients.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs">
          {t('admin.clients.name')}
          <br />
          <input
            className={controlClass('sm', 'text-sm')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-testid="client-name"
          />
        </label>
        {kind === 'terminal' && (
          <label className="flex items-center gap-1 text-xs">
            <input type="checkbox" checked={extended} onChange={(e) => setExtended(e.target.checked)} />
            {t('admin.clients.sensitive')}
          </label>
        )}
        <Button type="submit" variant="primary" size="md" className="text-sm" disabled={issue.isPending} data-testid="client-issue">
          {t('admin.clients.issue')}
        </Button>
      </form>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-300">
          {errorMessage(error)}
        </p>
      )}
      {issue.data && (
        <p className="mt-3 text-sm">
          {t(`admin.clients.issued.${kind}`)}{' '}
          <code data-testid="client-key" className="select-all break-all rounded bg-slate-800 px-1">
            {issue.data.key}
          </code>
        </p>
      )}
      <table className="mt-3 w-full text-left text-sm">
        <thead className="text-slate-400">
          <tr>
            <th className="py-1">{t('admin.clients.kind')}</th>
            <th>{t('admin.clients.name')}</th>
            <th>{t('admin.clients.prefix')}</th>
            <th>{t('admin.clients.created')}</th>
            <th>{t('admin.clients.lastUsed')}</th>
            <th>{t('admin.clients.state')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(clients.data ?? []).map((c) => (
            <tr key={c.id} className="border-t border-slate-800" data-testid="client-row" data-name={c.name}>
              <td className="py-1">{t(`admin.clients.kind.${c.kind}`)}</td>
              <td>{c.name}</td>
              <td className="font-mono text-xs" translate="no">
                {c.keyPrefix}…
              </td>
              <td>{formatDateTime(c.createdAt, locale)}</td>
              <td>{c.lastUsedAt ? formatDateTime(c.lastUsedAt, locale) : t('admin.clients.never')}</td>
              <td>{t(c.enabled ? 'admin.clients.enabled' : 'admin.clients.withdrawn')}</td>
              <td>
                {c.enabled && (
                  <Button variant="quiet" size="sm" onClick={() => withdraw.mutate({ id: c.id })} data-testid="client-withdraw">
                    {t('admin.clients.withdraw')}
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {clients.data?.length === 0 && <p className="mt-2 text-sm text-slate-400">{t('admin.clients.none')}</p>}
      <ClientCallsTable />
    </section>
  );
}
