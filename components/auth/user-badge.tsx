'use client';
/** The signed-in user's name and role, with sign-out. */
import { useI18n } from '@/components/i18n/i18n-provider';
import { Button } from '@/components/ui/button';
import { useSession } from './use-session';

export function UserBadge() {
  const { t } = useI18n();
  const { user, signOut } = useSession();
  if (!user) return null;
  return (
    <div className="flex items-center gap-2 text-sm text-slate-300">
      <span data-testid="current-user">
        {user.displayName} · {t(`role.${user.role}`)}
      </span>
      <Button
        data-testid="sign-out"
        onClick={signOut}
        variant="quiet" size="xs"
      >
        {t('app.signOut')}
      </Button>
    </div>
  );
}
