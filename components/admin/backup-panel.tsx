'use client';
/** System administrator: the backups' state — the newest set, its size, how many are kept, the last verified restore. */
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/client';
import { formatDateTime } from '@/domain/i18n/format';

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

export function BackupPanel() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const status = useQuery(trpc.backup.status.queryOptions(undefined, { refetchInterval: 60_000 }));
  const s = status.data;
  return (
    <section data-testid="admin-backups" className="mb-4 rounded-lg border border-slate-700 bg-slate-900/70 p-4 text-sm">
      <h2 className="mb-2 text-lg font-semibold">{t('admin.backup.title')}</h2>
      {s && (
        <ul className="space-y-1">
          <li>
            {s.enabled
              ? t('admin.backup.schedule', { minutes: s.intervalMinutes ?? 0, sets: s.sets })
              : t('admin.backup.off', { sets: s.sets })}
          </li>
          <li data-testid="backup-last">
            {s.last
              ? t('admin.backup.last', {
                  at: formatDateTime(new Date(s.last.at), locale),
                  size: megabytes(s.last.bytes),
                  photos: s.last.uploads,
                  seconds: (s.last.durationMs / 1000).toFixed(1),
                })
              : t('admin.backup.none')}
          </li>
          {s.last && s.last.missingUploads > 0 && (
            <li className="text-amber-300">{t('admin.backup.missing', { count: s.last.missingUploads })}</li>
          )}
          <li data-testid="backup-restore" className={s.lastRestore && !s.lastRestore.ok ? 'text-red-300' : undefined}>
            {s.lastRestore ? (
              t(s.lastRestore.ok ? 'admin.backup.restoreOk' : 'admin.backup.restoreFailed', {
                at: formatDateTime(new Date(s.lastRestore.at), locale),
              })
            ) : (
              <>
                {t('admin.backup.restoreNever')} <code translate="no">npm run db:restore</code>
              </>
            )}
          </li>
          {s.lastError && (
            <li className="text-red-300">
              {t('admin.backup.error', { at: formatDateTime(new Date(s.lastError.at), locale), message: s.lastError.message })}
            </li>
          )}
        </ul>
      )}
    </section>
  );
}
