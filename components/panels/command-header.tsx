'use client';
/** The wall's title bar: 绿容一张图 · 长宁区, the Shanghai clock, the language switch and the signed-in user. */
import { UserBadge } from '@/components/auth/user-badge';
import { useI18n } from '@/components/i18n/i18n-provider';
import { LanguageSwitch } from '@/components/i18n/language-switch';
import { LiveClock } from '@/components/ui/live-clock';

export function CommandHeader() {
  const { t } = useI18n();
  return (
    <header className="relative flex h-[4rem] shrink-0 items-center justify-between border-b border-sky-400/25 bg-gradient-to-b from-[#0b2240] to-[#050b16] px-5">
      <div className="flex items-baseline gap-4">
        <h1 data-testid="command-title" className="text-[1.75rem] font-bold tracking-[0.12em] text-sky-50 drop-shadow-[0_0_0.6rem_rgba(56,189,248,0.45)]">
          {t('command.title')}
        </h1>
        <span className="text-[0.9rem] tracking-wider text-sky-300/70">{t('command.subtitle')}</span>
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
