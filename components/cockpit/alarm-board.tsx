'use client';
/** 报警看板: the center's current exceedances — environment over limits, equipment faults, energy anomalies. */
import { formatNumber, formatTime } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { StatTile } from '@/components/ui/stat-tile';
import type { CockpitBoards } from './cockpit-types';
import { Board } from './board';

export function AlarmBoard({ boards }: { boards: CockpitBoards }) {
  const { t, locale } = useI18n();
  const alarms = boards.alarms;
  const count = (kind: string) => alarms.filter((a) => a.kind === kind).length;
  return (
    <Board
      title={t('cockpit.alarms')}
      testId="board-alarms"
      aside={
        <span className="text-[0.85rem] text-red-300" data-testid="alarm-count">
          {t('cockpit.alarmCount', { count: alarms.length })}
        </span>
      }
      columns={3}
      tiles={
        <>
          <StatTile label={t('cockpit.alarmKind.environment')} value={count('environment')} accent="#fbbf24" />
          <StatTile label={t('cockpit.alarmKind.equipment')} value={count('equipment')} accent="#f87171" />
          <StatTile label={t('cockpit.alarmKind.energy')} value={count('energy')} accent="#fb923c" />
        </>
      }
    >
      <ul className="min-h-0 flex-1 space-y-1.5 overflow-y-auto pr-1" data-testid="alarm-list">
        {alarms.length === 0 ? <li className="p-2 text-[0.85rem] text-slate-400">{t('cockpit.noAlarms')}</li> : null}
        {alarms.map((a) => (
          <li
            key={a.key}
            data-testid="alarm-item"
            data-kind={a.kind}
            className={`rounded border-l-4 bg-slate-900/60 px-2 py-1.5 ${a.severity === 'critical' ? 'border-red-500' : 'border-amber-400'}`}
          >
            <div className="flex items-center justify-between gap-2 text-[0.85rem]">
              <span className={a.severity === 'critical' ? 'text-red-300' : 'text-amber-200'}>
                {t(`cockpit.severity.${a.severity}`)} · {t(`cockpit.alarmKind.${a.kind}`)}
              </span>
              <span className="text-[0.72rem] text-slate-500">{t('cockpit.since', { time: formatTime(a.since, locale) })}</span>
            </div>
            <div className="truncate text-[0.9rem] text-slate-100">
              {a.objectName} <span className="text-slate-500">{a.objectCode}</span>
            </div>
            {a.metric && a.value !== null && a.limit !== null ? (
              <div className="text-[0.78rem] text-slate-300">
                {t(`cockpit.metric.${a.metric}`)}{' '}
                {t(a.kind === 'energy' ? 'cockpit.alarmEnergy' : 'cockpit.alarmValue', {
                  value: formatNumber(a.value, locale, 3),
                  limit: formatNumber(a.limit, locale, 3),
                  unit: a.unit ?? '',
                })}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </Board>
  );
}
