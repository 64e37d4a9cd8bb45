'use client';
/** Any signed-in user: their live sessions (ending any of them) and TOTP enrolment (required for administrators). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { formatDateTime } from '@/domain/i18n/format';

export function AccountSecurity() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const sessions = useQuery(trpc.auth.sessions.queryOptions());
  const totp = useQuery(trpc.auth.totpStatus.queryOptions());
  const end = useMutation(
    trpc.auth.endSession.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() }),
    }),
  );
  const begin = useMutation(trpc.auth.beginTotp.mutationOptions());
  const [code, setCode] = useState('');
  const confirm = useMutation(
    trpc.auth.confirmTotp.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.auth.totpStatus.queryKey() }),
    }),
  );
  const error = end.error ?? begin.error ?? confirm.error;

  return (
    <section data-testid="account-security" className="mb-4 rounded-lg border border-slate-700 bg-slate-900/70 p-4 text-sm">
      <h2 className="mb-2 text-lg font-semibold">{t('account.sessions.title')}</h2>
      <table className="w-full text-left">
        <thead className="text-slate-400">
          <tr>
            <th>{t('account.sessions.since')}</th>
            <th>{t('account.sessions.until')}</th>
            <th>{t('admin.audit.ip')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sessions.data?.map((s) => (
            <tr key={s.id} className="border-t border-slate-800" data-testid="session-row">
              <td>{formatDateTime(s.createdAt, locale)}</td>
              <td>{formatDateTime(s.expiresAt, locale)}</td>
              <td className="font-mono text-xs">{s.ip ?? ''}</td>
              <td>
                {s.current ? (
                  <span className="text-emerald-300">{t('account.sessions.current')}</span>
                ) : (
                  <button type="button" className="rounded border border-slate-600 px-2 text-xs" onClick={() => end.mutate({ id: s.id })}>
                    {t('account.sessions.end')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 className="mb-2 mt-4 text-lg font-semibold">{t('account.totp.title')}</h2>
      {totp.data?.enrolled ? (
        <p className="text-emerald-300">{t('account.totp.enrolled')}</p>
      ) : (
        <div className="space-y-2">
          {totp.data?.required && <p className="text-amber-300">{t('account.totp.required')}</p>}
          <button
            type="button"
            data-testid="totp-begin"
            className="rounded bg-sky-700 px-3 py-1 hover:bg-sky-600"
            onClick={() => begin.mutate()}
          >
            {t('account.totp.begin')}
          </button>
          {begin.data && (
            <div className="space-y-1">
              <p>
                {t('account.totp.secret')}{' '}
                <b className="font-mono text-amber-200" data-testid="totp-secret">
                  {begin.data.secret}
                </b>
              </p>
              <p className="break-all font-mono text-xs text-slate-400">{begin.data.uri}</p>
              <form
                className="flex items-end gap-2"
                onSubmit={(e) => {
                  e.preventDefault();
                  confirm.mutate({ code });
                }}
              >
                <label className="text-xs">
                  {t('account.totp.code')}
                  <br />
                  <input
                    className="w-28 rounded border border-slate-600 bg-slate-800 px-2 py-1"
                    inputMode="numeric"
                    value={code}
                    onChange={(e) => setCode(e.target.value)}
                  />
                </label>
                <button type="submit" className="rounded border border-slate-600 px-2 py-1 text-xs">
                  {t('account.totp.confirm')}
                </button>
              </form>
            </div>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="mt-2 text-red-300">
          {errorMessage(error)}
        </p>
      )}
    </section>
  );
}
