'use client';
/** System administrator: issues (or revokes) the key a unit's tracker or phone reports positions with. */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { controlClass } from '@/components/ui/field';

export function DeviceKeysPanel() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [unitCode, setUnitCode] = useState('');
  const issue = useMutation(trpc.admin.issueDeviceKey.mutationOptions());
  const revoke = useMutation(trpc.admin.revokeDeviceKey.mutationOptions());
  const error = issue.error ?? revoke.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    revoke.reset();
    issue.mutate({ unitCode });
  };
  // The key in the device identifier reaches us from every Traccar Client generation (legacy iOS drops the URL's query).
  const osmandUrl = issue.data ? `${window.location.origin}/api/ingest/osmand` : '';
  const identifier = issue.data ? `${issue.data.unitCode}:${issue.data.key}` : '';

  return (
    <section data-testid="admin-device-keys" className="mt-4 rounded-lg border border-slate-700 bg-slate-900/70 p-4">
      <h2 className="mb-1 text-lg font-semibold">{t('admin.devices.title')}</h2>
      <p className="mb-3 text-sm text-slate-400">{t('admin.devices.hint')}</p>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
        <label className="text-xs">
          {t('admin.devices.unitCode')}
          <br />
          <input className={controlClass('sm', 'text-sm')} value={unitCode} onChange={(e) => setUnitCode(e.target.value)} />
        </label>
        <Button type="submit" variant="primary" size="md" className="text-sm" disabled={issue.isPending}>
          {t('admin.devices.issue')}
        </Button>
        <Button
          variant="quiet"
          size="md"
          className="text-sm"
          onClick={() => {
            issue.reset();
            revoke.mutate({ unitCode });
          }}
        >
          {t('admin.devices.revoke')}
        </Button>
      </form>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-300">
          {errorMessage(error)}
        </p>
      )}
      {issue.data && (
        <div className="mt-3 space-y-1 text-sm">
          <p>
            {t('admin.devices.issued', { unit: `${issue.data.unitCode} ${issue.data.unitName}` })}{' '}
            <code data-testid="device-key" className="select-all rounded bg-slate-800 px-1">
              {issue.data.key}
            </code>
          </p>
          <p>
            {t('admin.devices.osmand')} <code className="select-all break-all rounded bg-slate-800 px-1">{osmandUrl}</code>
          </p>
          <p>
            {t('admin.devices.identifier')}{' '}
            <code data-testid="device-identifier" className="select-all break-all rounded bg-slate-800 px-1">
              {identifier}
            </code>
          </p>
        </div>
      )}
      {revoke.isSuccess && <p className="mt-2 text-sm text-emerald-300">{t('admin.devices.revoked', { unit: unitCode })}</p>}
    </section>
  );
}
