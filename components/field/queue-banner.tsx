'use client';
/** What waits on the phone for the network (or for signing in again), and what the server refused when it was sent. */
import { useI18n } from '@/components/i18n/i18n-provider';
import { waiting } from './offline-queue';
import { useFieldQueue } from './use-field-queue';

export function QueueBanner() {
  const { t } = useI18n();
  const { entries, online, signedOut, dismiss } = useFieldQueue();
  const count = waiting(entries).length;
  const refused = entries.filter((e) => e.refused);
  return (
    <div data-testid="field-queue" data-count={count} data-online={online}>
      {!online ? <p className="bg-slate-700 px-4 py-2 text-[0.95rem] text-slate-100">{t('field.queue.offline')}</p> : null}
      {count > 0 ? (
        <p className="bg-amber-700 px-4 py-2 text-[0.95rem] font-semibold text-white">{t('field.queue.waiting', { count })}</p>
      ) : null}
      {signedOut ? (
        <a
          href="/login?next=/field"
          data-testid="field-queue-sign-in"
          className="block bg-red-800 px-4 py-3 text-[1rem] font-semibold text-white underline"
        >
          {count > 0 ? t('field.queue.signIn', { count }) : t('field.queue.signInAgain')}
        </a>
      ) : null}
      {refused.map((e) => (
        <button
          key={e.id}
          type="button"
          onClick={() => dismiss(e.id)}
          data-testid="field-queue-refused"
          className="block w-full bg-red-900 px-4 py-2 text-left text-[0.9rem] text-red-100"
        >
          {t('field.queue.failed', { reason: e.refused ?? '' })} ✕
        </button>
      ))}
    </div>
  );
}
