'use client';
/** The title bar every desktop screen shares: its title (and what the screen adds beside it), then the clock,
 *  the language switch and the signed-in user. */
import type { ReactNode } from 'react';
import { UserBadge } from '@/components/auth/user-badge';
import { LanguageSwitch } from '@/components/i18n/language-switch';
import { LiveClock } from '@/components/ui/live-clock';
import { ScreenNav } from '@/components/ui/screen-nav';

export function ScreenHeader({
  title,
  titleTestId,
  current,
  children,
  className = 'h-[4rem]',
  titleClassName = '',
}: {
  title: string;
  titleTestId: string;
  /** The screen's own path, left out of the links to the others. */
  current: string;
  children?: ReactNode;
  className?: string;
  titleClassName?: string;
}) {
  return (
    <header
      className={`relative flex shrink-0 items-center justify-between border-b border-sky-400/25 bg-gradient-to-b from-[#0b2240] to-[#050b16] px-5 ${className}`}
    >
      {/* One line whatever the language: the title and links never wrap; what does not fit is cut at the end. */}
      <div className="flex min-w-0 flex-1 items-center gap-4">
        <h1 data-testid={titleTestId} className={`whitespace-nowrap font-bold text-sky-50 ${titleClassName}`}>
          {title}
        </h1>
        {children}
        <ScreenNav current={current} />
      </div>
      <div className="flex shrink-0 items-center gap-6 pl-4">
        <LiveClock />
        <div className="flex items-center gap-3 text-[0.85rem]">
          <LanguageSwitch />
          <UserBadge />
        </div>
      </div>
    </header>
  );
}
