'use client';
/** The wall's title bar: 绿容一张图 · 长宁区 and its subtitle, then the shared clock, language switch and user. */
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { ScreenHeader } from '@/components/ui/screen-header';

export function CommandHeader() {
  const { t } = useI18n();
  const { can } = useSession();
  return (
    <ScreenHeader
      title={t('command.title')}
      titleTestId="command-title"
      titleClassName="text-[1.75rem] tracking-[0.12em] drop-shadow-[0_0_0.6rem_rgba(56,189,248,0.45)]"
    >
      <span className="text-[0.9rem] tracking-wider text-sky-300/70">{t('command.subtitle')}</span>
      {can('orders:dispatch') && (
        <a href="/dispatch" data-testid="nav-dispatch" className="rounded border border-sky-400/40 px-2 py-0.5 text-[0.8rem] text-sky-200 hover:bg-sky-900/40">
          {t('nav.dispatch')}
        </a>
      )}
      {can('hotline:analyze') && (
        <a href="/hotline" data-testid="nav-hotline" className="rounded border border-sky-400/40 px-2 py-0.5 text-[0.8rem] text-sky-200 hover:bg-sky-900/40">
          {t('nav.hotline')}
        </a>
      )}
    </ScreenHeader>
  );
}
