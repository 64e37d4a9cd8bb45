import type { Metadata, Viewport } from 'next';
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import './globals.css';
import { I18nProvider } from '@/components/i18n/i18n-provider';
import { LOCALE_COOKIE, parseLocale } from '@/domain/i18n/messages';
import { TrpcProvider } from '@/components/trpc/client';

export const metadata: Metadata = {
  title: '绿容一张图 · OneMap',
  description: '长宁区绿化市容指挥中心',
  icons: { icon: '/icon.svg' },
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#050b16' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = parseLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  return (
    <html lang={locale === 'zh' ? 'zh-CN' : 'en'}>
      <body>
        <I18nProvider initialLocale={locale}>
          <TrpcProvider>{children}</TrpcProvider>
        </I18nProvider>
      </body>
    </html>
  );
}
