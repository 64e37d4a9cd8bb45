'use client';
import { useI18n } from './i18n-provider';

export function LanguageSwitch({ className = '' }: { className?: string }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <button
      type="button"
      data-testid="language-switch"
      className={`rounded border border-slate-600 px-2 py-0.5 text-xs text-slate-200 hover:bg-slate-700 ${className}`}
      onClick={() => setLocale(locale === 'zh' ? 'en' : 'zh')}
      // The other language is named in itself (English / 中文), and marked so for screen readers.
      lang={locale === 'zh' ? 'en' : 'zh'}
    >
      {t('app.language')}
    </button>
  );
}
