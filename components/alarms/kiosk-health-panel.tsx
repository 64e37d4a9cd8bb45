'use client';
/**
 * The self-service kiosks' health (seed 000): a summary, then each kiosk with a fault and its repair clocks
 * running live — software: respond 2 h, diagnose 24 h, fix 7 days; hardware 30 days; parts 60 days — red once
 * past. Healthy kiosks follow in a compact list.
 */
import { useQuery } from '@tanstack/react-query';
import { formatDuration } from '@/components/orders/order-clock';
import { useNow } from '@/components/orders/use-now';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/client';
import { Panel } from '@/components/ui/panel';
import { levelCss } from './alarm-panel';

const REFRESH_MS = 15_000;
const DAY = 86_400_000;

function Clock({ label, by, now }: { label: string; by: number | null; now: number }) {
  const { t } = useI18n();
  if (by === null) return null;
  const left = by - now;
  // Hardware and parts limits run for weeks: whole days first.
  const days = Math.floor(Math.abs(left) / DAY);
  const text = days > 0 ? t('alarms.kiosk.days', { d: days, t: formatDuration(Math.abs(left) % DAY) }) : formatDuration(left);
  return (
    <span data-testid="kiosk-clock" className={`tabular-nums ${left < 0 ? 'text-red-300' : 'text-emerald-300'}`}>
      {label} {t(left < 0 ? 'alarms.kiosk.over' : 'alarms.kiosk.left', { t: text })}
    </span>
  );
}

export function KioskHealthPanel() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const now = useNow();
  const kiosks = useQuery(trpc.alarms.kiosks.queryOptions(undefined, { refetchInterval: REFRESH_MS }));
  const list = kiosks.data ?? [];
  const count = (h: string) => list.filter((k) => k.health === h).length;
  const faulty = list.filter((k) => k.health !== 'ok');
  const healthy = list.filter((k) => k.health === 'ok');
  return (
    <Panel
      title={t('alarms.kiosk.title')}
      testId="kiosk-health"
      aside={
        <span className="text-[0.8rem] text-slate-300">
          {t('alarms.kiosk.summary', { ok: count('ok'), fault: count('fault'), offline: count('offline') })}
        </span>
      }
      bodyClassName="overflow-y-auto p-2"
    >
      <ul className="divide-y divide-sky-400/10">
        {faulty.map((k) => (
          <li key={k.id} data-testid="kiosk-row" data-health={k.health} className="py-2 text-[0.85rem]">
            <div className="flex items-center gap-2">
              <span className={`rounded px-1 text-[0.72rem] ${k.health === 'offline' ? 'bg-slate-600' : 'bg-red-600'}`}>
                {t(`alarms.kiosk.health.${k.health}`)}
              </span>
              <span className="font-semibold">{k.name}</span>
              <span className="text-slate-400">{k.address}</span>
            </div>
            {k.faults.map((f) => (
              <div key={f.alarmId} className="ml-4 mt-1 flex flex-wrap items-center gap-3 text-[0.78rem]">
                <span className="h-[0.6rem] w-[0.6rem] rounded-full" style={{ background: levelCss(f.level) }} aria-hidden />
                <span>{t(`alarms.type.${f.type}`)}</span>
                <span className="text-slate-400">{t(`alarms.kiosk.repair.${f.repairClass}`)}</span>
                <Clock label={t('alarms.kiosk.respond')} by={f.acknowledgedAt === null ? f.respondBy : null} now={now} />
                <Clock label={t('alarms.kiosk.diagnose')} by={f.diagnoseBy} now={now} />
                <Clock label={t('alarms.kiosk.fix')} by={f.fixBy} now={now} />
                {f.orderCode ? <span className="text-sky-300">{t('alarms.panel.order', { code: f.orderCode })}</span> : null}
              </div>
            ))}
          </li>
        ))}
      </ul>
      <div className="mt-2 flex flex-wrap gap-1 text-[0.72rem] text-slate-400">
        {healthy.map((k) => (
          <span key={k.id} data-testid="kiosk-ok" className="rounded border border-emerald-500/30 px-1">
            {k.name}
          </span>
        ))}
      </div>
    </Panel>
  );
}
