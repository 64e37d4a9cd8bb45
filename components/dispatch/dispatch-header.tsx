'use client';
/** The dispatch hub's title bar: title, live state of the order notices and the screen's own actions. */
import type { ReactNode } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { ScreenHeader } from '@/components/ui/screen-header';

export function DispatchHeader({ live, children }: { live?: boolean; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <ScreenHeader
      title={t('dispatchUi.title')}
      titleTestId="dispatch-title"
      current="/dispatch"
      className="h-[3.5rem]"
      titleClassName="text-[1.5rem] tracking-[0.1em]"
    >
      {live === undefined ? null : (
        <span data-testid="dispatch-live" data-live={live} className={`text-[0.8rem] ${live ? 'text-emerald-300' : 'text-amber-300'}`}>
          {live ? `● ${t('dispatchUi.live.connected')}` : t('dispatchUi.live.offline')}
        </span>
      )}
      {children}
    </ScreenHeader>
  );
}
