'use client';
/** The signed-in user's name and role (a link to their sessions and two-factor settings), with sign-out. */
import { useI18n } from '@/components/i18n/i18n-provider';
import { useSession } from './use-session';

export function UserBadge() {
  const { t } = useI18n();
  const { user, signOut } = useSession();
  if (!user) return null;
  return (
    <div className="flex items-center gap-2 text-sm text-slate-300">
      <a data-testid="current-user" href="/account" title={t('account.title')} className="hover:underline">
        {user.displayName} · {t(`role.${user.role}`)}
      </a>
      <button
        type="button"
        data-testid="sign-out"
        onClick={signOut}
        className="rounded border border-slate-600 px-2 py-0.5 text-xs hover:bg-slate-700"
      >
        {t('app.signOut')}
      </button>
    </div>
  );
}
