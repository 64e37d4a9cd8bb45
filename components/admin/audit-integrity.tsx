'use client';
/** Audit administrator: verifies the audit log's hash chain (naming the first broken entry) and sets retention. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';

export function AuditIntegrity() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const verify = useMutation(trpc.admin.verifyAudit.mutationOptions());
  const retention = useQuery(trpc.admin.auditRetention.queryOptions());
  const [days, setDays] = useState('');
  const save = useMutation(
    trpc.admin.setAuditRetention.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.admin.auditRetention.queryKey() }),
    }),
  );
  const error = verify.error ?? save.error;
  return (
    <section data-testid="admin-audit-integrity" className="mb-4 rounded-lg border border-slate-700 bg-slate-900/70 p-4 text-sm">
      <h2 className="mb-2 text-lg font-semibold">{t('admin.integrity.title')}</h2>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          data-testid="audit-verify"
          className="rounded bg-sky-700 px-3 py-1 hover:bg-sky-600"
          onClick={() => verify.mutate()}
        >
          {t('admin.integrity.verify')}
        </button>
        {verify.data && (
          <span data-testid="audit-verdict" className={verify.data.firstBrokenId ? 'text-red-300' : 'text-emerald-300'}>
            {verify.data.firstBrokenId
              ? t('admin.integrity.broken', { id: verify.data.firstBrokenId, checked: verify.data.checked })
              : t('admin.integrity.intact', { checked: verify.data.checked })}
          </span>
        )}
      </div>
      <form
        className="mt-3 flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ days: Number(days) });
        }}
      >
        <label className="text-xs">
          {t('admin.integrity.retention', { minimum: retention.data?.minimum ?? 180 })}
          <br />
          <input
            className="w-24 rounded border border-slate-600 bg-slate-800 px-2 py-1"
            inputMode="numeric"
            placeholder={String(retention.data?.days ?? '')}
            value={days}
            onChange={(e) => setDays(e.target.value)}
          />
        </label>
        <button type="submit" className="rounded border border-slate-600 px-2 py-1 text-xs">
          {t('admin.integrity.save')}
        </button>
        {save.isSuccess && <span className="text-emerald-300">{t('admin.roles.saved')}</span>}
      </form>
      {error && (
        <p role="alert" className="mt-2 text-red-300">
          {errorMessage(error)}
        </p>
      )}
    </section>
  );
}
