'use client';
/** /alarms: the 46 kiosks' health with their repair clocks, and the alarm thresholds with four-eyes approval. */
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { ScreenHeader } from '@/components/ui/screen-header';
import { KioskHealthPanel } from './kiosk-health-panel';
import { ThresholdRulesPanel } from './threshold-rules-panel';

export function AlarmsScreen() {
  const { t } = useI18n();
  const { user } = useSession();
  return (
    <div data-wall className="flex h-screen w-screen flex-col overflow-hidden bg-[#050b16] text-slate-100">
      <ScreenHeader title={t('alarms.rules.title')} titleTestId="alarms-title" current="/alarms" titleClassName="text-[1.5rem]" />
      {user ? (
        <main className="grid min-h-0 flex-1 grid-cols-[minmax(0,1fr)_44rem] gap-3 p-3">
          <KioskHealthPanel />
          <ThresholdRulesPanel />
        </main>
      ) : null}
    </div>
  );
}
