'use client';
/**
 * The disposal center's cockpit at /cockpit (1920×1080 wall, dark): safety, equipment, energy and alarm boards.
 * The boards poll cockpit.boards every 3 s rather than listen on Socket.IO: they are a handful of aggregates
 * that change with every meter reading, one small query answers all four, and no new event types are needed
 * on the live hub.
 */
import { useQuery } from '@tanstack/react-query';
import { useSession } from '@/components/auth/use-session';
import { formatTime } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/client';
import { NoAccessWall } from '@/components/ui/no-access';
import { ScreenHeader } from '@/components/ui/screen-header';
import { AlarmBoard } from './alarm-board';
import { EnergyBoard } from './energy-board';
import { EquipmentBoard } from './equipment-board';
import { SafetyBoard } from './safety-board';

export const BOARDS_POLL_MS = 3_000;

function CockpitHeader({ at }: { at?: Date }) {
  const { t, locale } = useI18n();
  return (
    <ScreenHeader title={t('cockpit.title')} titleTestId="cockpit-title" current="/cockpit" titleClassName="text-[1.6rem] tracking-wider">
      <span
        className="rounded border border-amber-400/60 bg-amber-500/15 px-2 py-0.5 text-[0.8rem] text-amber-200"
        data-testid="cockpit-synthetic"
      >
        {t('cockpit.synthetic')}
      </span>
      {at ? (
        <span className="text-[0.8rem] text-slate-400" data-testid="cockpit-updated">
          {t('cockpit.updatedAt', { time: formatTime(at, locale) })}
        </span>
      ) : null}
    </ScreenHeader>
  );
}

export function CockpitScreen() {
  const { user, can } = useSession();
  if (!user) return <div data-wall className="h-screen w-screen bg-[#050b16]" />;
  if (!can('cockpit:view')) {
    return (
      <NoAccessWall header={<CockpitHeader />} wallClassName="bg-[#050b16]" messageKey="cockpit.noAccess" testId="cockpit-no-access" />
    );
  }
  return <CockpitBoardsView canOperate={can('cockpit:operate')} />;
}

function CockpitBoardsView({ canOperate }: { canOperate: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const boards = useQuery(trpc.cockpit.boards.queryOptions(undefined, { refetchInterval: BOARDS_POLL_MS, staleTime: 0 }));
  const data = boards.data;
  return (
    <div data-wall className="flex h-screen w-screen flex-col overflow-hidden bg-[#050b16] text-slate-100">
      <CockpitHeader at={data?.at} />
      {data ? (
        <main className="grid min-h-0 flex-1 grid-cols-[1fr_1fr_1.25fr_1fr] gap-3 p-3">
          <SafetyBoard boards={data} canOperate={canOperate} />
          <EquipmentBoard boards={data} canOperate={canOperate} />
          <EnergyBoard boards={data} canOperate={canOperate} />
          <AlarmBoard boards={data} />
        </main>
      ) : (
        <p className="m-auto text-slate-400">{t('cockpit.loading')}</p>
      )}
    </div>
  );
}
