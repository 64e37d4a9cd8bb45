'use client';
/**
 * The title bar of the desk-and-phone work screens (清费云, 服务结算, the data steward's): unlike the wall screens'
 * one-line ScreenHeader it wraps on a phone, where the links to the other screens are left out.
 */
import type { ReactNode } from 'react';
import { UserBadge } from '@/components/auth/user-badge';
import { LanguageSwitch } from '@/components/i18n/language-switch';
import { ScreenNav } from '@/components/ui/screen-nav';

export function WorkScreenHeader({
  title,
  titleTestId,
  current,
  children,
}: {
  title: string;
  titleTestId: string;
  /** The screen's own path, left out of the links to the others. */
  current: string;
  /** What the screen adds beside its title. */
  children?: ReactNode;
}) {
  return (
    <header className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-sky-400/25 bg-gradient-to-b from-[#0b2240] to-[#050b16] px-4 py-3">
      <h1 data-testid={titleTestId} className="whitespace-nowrap text-xl font-bold text-sky-50">
        {title}
      </h1>
      {children}
      <div className="hidden min-w-0 flex-1 md:flex">
        <ScreenNav current={current} />
      </div>
      <div className="ml-auto flex items-center gap-3 text-[0.85rem]">
        <LanguageSwitch />
        <UserBadge />
      </div>
    </header>
  );
}
