'use client';
/** The wall's title bar: 绿容一张图 · 长宁区 and its subtitle, then the shared clock, language switch and user. */
import { useI18n } from '@/components/i18n/i18n-provider';
import { ScreenHeader } from '@/components/ui/screen-header';

export function CommandHeader() {
  const { t } = useI18n();
  return (
    <ScreenHeader
      title={t('command.title')}
      titleTestId="command-title"
      current="/"
      titleClassName="text-[1.75rem] tracking-[0.12em] drop-shadow-[0_0_0.6rem_rgba(56,189,248,0.45)]"
    >
      <span className="text-[0.9rem] tracking-wider text-sky-300/70">{t('command.subtitle')}</span>
    </ScreenHeader>
  );
}
