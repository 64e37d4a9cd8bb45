'use client';
/** The dispatch hub's title bar: title, live state of the order notices, register-order, clock, language, user. */
import type { ReactNode } from 'react';
import { UserBadge } from '@/components/auth/user-badge';
import { useI18n } from '@/components/i18n/i18n-provider';
import { LanguageSwitch } from '@/components/i18n/language-switch';
import { LiveClock } from '@/components/ui/live-clock';

export function DispatchHeader({ live, children }: { live?: boolean; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <header className="flex h-[3.5rem] shrink-0 items-center justify-between border-b border-sky-400/25 bg-gradient-to-b from-[#0b2240] to-[#050b16] px-5">
      <div className="flex items-center gap-4">
        <h1 data-testid="dispatch-title" className="text-[1.5rem] font-bold tracking-[0.1em] text-sky-50">{t('dispatchUi.title')}</h1>
        {live === undefined ? null : (
          <span data-testid="dispatch-live" data-live={live} className={`text-[0.8rem] ${live ? 'text-emerald-300' : 'text-amber-300'}`}>
            {live ? `● ${t('dispatchUi.live.connected')}` : t('dispatchUi.live.offline')}
          </span>
        )}
        {children}
      </div>
      <div className="flex items-center gap-6">
        <LiveClock />
        <div className="flex items-center gap-3 text-[0.85rem]">
          <LanguageSwitch />
          <UserBadge />
        </div>
      </div>
    </header>
  );
}
