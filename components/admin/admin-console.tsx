'use client';
/** The administration page shows each administrator only their own job (三员分立). */
import { UserBadge } from '@/components/auth/user-badge';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { LanguageSwitch } from '@/components/i18n/language-switch';
import { AccountSecurity } from '@/components/auth/account-security';
import { AuditIntegrity } from './audit-integrity';
import { AuditPanel } from './audit-panel';
import { BackupPanel } from './backup-panel';
import { DeviceKeysPanel } from './device-keys-panel';
import { OutsideClientsPanel } from './outside-clients-panel';
import { PartnersPanel } from './partners-panel';
import { PositionHistoryPanel } from './position-history-panel';
import { RolesPanel } from './roles-panel';
import { UsersPanel } from './users-panel';

export function AdminConsole() {
  const { t } = useI18n();
  const { user, loading } = useSession();
  return (
    <main className="min-h-screen bg-slate-950 p-6 text-slate-100">
      <header className="mb-6 flex items-center justify-between">
        <h1 className="text-xl font-semibold">{t('admin.title')}</h1>
        <div className="flex items-center gap-3">
          <LanguageSwitch />
          <UserBadge />
        </div>
      </header>
      {loading && <p>{t('app.loading')}</p>}
      {user?.role === 'system_admin' && (
        <>
          <UsersPanel />
          <DeviceKeysPanel />
          <PartnersPanel />
          <OutsideClientsPanel />
          <PositionHistoryPanel />
          <BackupPanel />
        </>
      )}
      {user?.role === 'security_admin' && <RolesPanel />}
      {user?.role === 'audit_admin' && (
        <>
          <AuditIntegrity />
          <AuditPanel />
        </>
      )}
      {user?.role.endsWith('_admin') && <AccountSecurity />}
      {user && !user.role.endsWith('_admin') && <p>{t('admin.noRole', { role: t(`role.${user.role}`) })}</p>}
    </main>
  );
}
