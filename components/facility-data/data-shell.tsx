'use client';
/** The frame of the data steward's screens (/data/import, /data/facilities): title, links between them, nav, user. */
import Link from 'next/link';
import type { ReactNode } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { NoAccess } from '@/components/ui/no-access';
import { WorkScreenHeader } from '@/components/ui/work-screen-header';

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
      <WorkScreenHeader title={title} titleTestId="data-title" current="/data/import">
        <Link
          href={other.href}
          data-testid="data-other-screen"
          className="whitespace-nowrap text-sky-300 underline-offset-2 hover:underline"
        >
          {t(other.key)}
        </Link>
      </WorkScreenHeader>
      {can('facilities:steward') ? (
        <main className="space-y-4 p-4">{children}</main>
      ) : (
        <NoAccess messageKey="dataImport.noAccess" testId="data-no-access" className="p-6 text-slate-300" />
      )}
    </div>
  );
}
