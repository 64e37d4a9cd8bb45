'use client';
/** /account: any signed-in user's own sessions and two-factor enrolment. */
import { useI18n } from '@/components/i18n/i18n-provider';
import { LanguageSwitch } from '@/components/i18n/language-switch';
import { AccountSecurity } from './account-security';
import { UserBadge } from './user-badge';

export function AccountPage() {
  const { t } = useI18n();
  return (
    <main className="min-h-screen bg-slate-950 p-6 text-slate-100">
      <header className="mb-6 flex items-center justify-between">
        <h1 className="text-xl font-semibold">{t('account.title')}</h1>
        <div className="flex items-center gap-3">
          <LanguageSwitch />
          <UserBadge />
        </div>
      </header>
      <AccountSecurity />
    </main>
  );
}
