'use client';
/** The frame of the data steward's screens (/data/import, /data/facilities): title, links between them, nav, user. */
import Link from 'next/link';
import type { ReactNode } from 'react';
import { useSession } from '@/components/auth/use-session';
import { UserBadge } from '@/components/auth/user-badge';
import { useI18n } from '@/components/i18n/i18n-provider';
import { LanguageSwitch } from '@/components/i18n/language-switch';
import { NoAccess } from '@/components/ui/no-access';
import { ScreenNav } from '@/components/ui/screen-nav';

export function DataShell({
  title,
  current,
  children,
}: {
  title: string;
  current: '/data/import' | '/data/facilities';
  children: ReactNode;
}) {
  const { t } = useI18n();
  const { user, can } = useSession();
  if (!user) return <div className="min-h-screen" />;
  const other =
    current === '/data/import'
      ? { href: '/data/facilities', key: 'dataImport.toFacilities' }
      : { href: '/data/import', key: 'dataImport.toImport' };
  return (
    <div className="min-h-screen bg-[#050b16] text-slate-100">
      <header className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-sky-400/25 bg-gradient-to-b from-[#0b2240] to-[#050b16] px-4 py-3">
        <h1 data-testid="data-title" className="whitespace-nowrap text-xl font-bold text-sky-50">
          {title}
        </h1>
        <Link
          href={other.href}
          data-testid="data-other-screen"
          className="whitespace-nowrap text-sky-300 underline-offset-2 hover:underline"
        >
          {t(other.key)}
        </Link>
        <div className="hidden min-w-0 md:flex">
          <ScreenNav current="/data/import" />
        </div>
        <div className="ml-auto flex items-center gap-3 text-[0.85rem]">
          <LanguageSwitch />
          <UserBadge />
        </div>
      </header>
      {can('facilities:steward') ? (
        <main className="space-y-4 p-4">{children}</main>
      ) : (
        <NoAccess messageKey="dataImport.noAccess" testId="data-no-access" className="p-6 text-slate-300" />
      )}
    </div>
  );
}
