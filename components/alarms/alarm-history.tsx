'use client';
/**
 * /alarms/history: past and present alarms searched by object (code or name), type and period, newest first, with
 * their trend by day and type. Reached from the wall's alarm panel and the alarms screen.
 */
import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { useMemo, useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { labelOr } from '@/components/map/status-label';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Input, Select } from '@/components/ui/field';
import { Panel } from '@/components/ui/panel';
import { ScreenHeader } from '@/components/ui/screen-header';
import { ALARM_TYPE_CODES } from '@/domain/alarms/alarm-types';
import { formatDateTime } from '@/domain/i18n/format';
import { addDays, daysBetween } from '@/domain/periods';
import { shanghaiDay, shanghaiDayBounds } from '@/domain/shanghai-time';

const AlarmTrendChart = dynamic(() => import('@/components/charts/alarm-trend-chart').then((m) => m.AlarmTrendChart), { ssr: false });

const DEFAULT_DAYS = 14;

export function AlarmHistoryScreen() {
  const { t, locale } = useI18n();
  const { user } = useSession();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const today = shanghaiDay(new Date());
  const [fromDay, setFromDay] = useState(() => addDays(today, -(DEFAULT_DAYS - 1)));
  const [toDay, setToDay] = useState(today);
  const [text, setText] = useState('');
  const [type, setType] = useState('');
  const period = useMemo(() => ({ from: shanghaiDayBounds(fromDay).from, to: shanghaiDayBounds(toDay).to }), [fromDay, toDay]);
  const days = useMemo(
    () => (toDay >= fromDay ? Array.from({ length: daysBetween(fromDay, toDay) }, (_, i) => addDays(fromDay, i)) : []),
    [fromDay, toDay],
  );
  const history = useQuery(
    trpc.alarms.history.queryOptions({ ...period, text: text || undefined, type: type || undefined }, { enabled: user !== null }),
  );

  return (
    <div data-wall className="flex h-screen w-screen flex-col overflow-hidden bg-[#050b16] text-slate-100">
      <ScreenHeader title={t('alarmHistory.title')} titleTestId="alarm-history-title" current="/alarms" titleClassName="text-[1.5rem]" />
      {user ? (
        <main className="grid min-h-0 flex-1 grid-rows-[auto_16rem_minmax(0,1fr)] gap-3 p-3">
          <form
            role="search"
            className="flex flex-wrap items-end gap-3 text-[0.85rem]"
            onSubmit={(e) => e.preventDefault()}
            data-testid="alarm-history-search"
          >
            <label className="flex flex-col gap-1">
              {t('alarmHistory.text')}
              <Input
                size="sm"
                tone="wall"
                className="w-[16rem]"
                value={text}
                placeholder={t('alarmHistory.textHint')}
                data-testid="alarm-history-text"
                onChange={(e) => setText(e.target.value)}
              />
            </label>
            <label className="flex flex-col gap-1">
              {t('alarmHistory.type')}
              <Select tone="wall" className="py-1" value={type} data-testid="alarm-history-type" onChange={(e) => setType(e.target.value)}>
                <option value="">{t('alarmHistory.anyType')}</option>
                {ALARM_TYPE_CODES.map((code) => (
                  <option key={code} value={code}>
                    {t(`alarms.type.${code}`)}
                  </option>
                ))}
              </Select>
            </label>
            <label className="flex flex-col gap-1">
              {t('alarmHistory.from')}
              <Input
                size="sm"
                tone="wall"
                type="date"
                value={fromDay}
                max={toDay}
                onChange={(e) => e.target.value && setFromDay(e.target.value)}
              />
            </label>
            <label className="flex flex-col gap-1">
              {t('alarmHistory.to')}
              <Input
                size="sm"
                tone="wall"
                type="date"
                value={toDay}
                min={fromDay}
                max={today}
                onChange={(e) => e.target.value && setToDay(e.target.value)}
              />
            </label>
            <span className="pb-1 text-slate-400" data-testid="alarm-history-count">
              {history.data ? t('alarmHistory.count', { count: history.data.alarms.length }) : ''}
            </span>
          </form>
          <Panel title={t('alarmHistory.trend')} testId="alarm-history-trend" bodyClassName="p-2">
            {history.data ? <AlarmTrendChart rows={history.data.trend} days={days} /> : null}
          </Panel>
          <Panel title={t('alarmHistory.list')} testId="alarm-history-list" bodyClassName="overflow-y-auto">
            {history.isError ? (
              <p role="alert" className="p-3 text-[0.85rem] text-red-300">
                {errorMessage(history.error)}
              </p>
            ) : !history.data ? (
              <p className="p-3 text-[0.85rem] text-slate-400">{t('alarmHistory.loading')}</p>
            ) : history.data.alarms.length === 0 ? (
              <p className="p-3 text-[0.85rem] text-slate-400">{t('alarmHistory.empty')}</p>
            ) : (
              <table className="w-full text-left text-[0.85rem]">
                <thead className="sticky top-0 bg-slate-900 text-slate-400">
                  <tr>
                    <th className="px-3 py-1 font-normal">{t('alarmHistory.firstSeen')}</th>
                    <th className="px-3 py-1 font-normal">{t('alarmHistory.type')}</th>
                    <th className="px-3 py-1 font-normal">{t('alarmHistory.object')}</th>
                    <th className="px-3 py-1 font-normal">{t('alarmHistory.level')}</th>
                    <th className="px-3 py-1 font-normal">{t('alarmHistory.status')}</th>
                    <th className="px-3 py-1 font-normal">{t('alarmHistory.ended')}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-sky-400/10">
                  {history.data.alarms.map((a) => (
                    <tr key={a.id} data-testid="alarm-history-row">
                      <td className="px-3 py-1 tabular-nums">{formatDateTime(a.firstSeenAt, locale)}</td>
                      <td className="px-3 py-1">{labelOr(t, `alarms.type.${a.type}`, t('alarmHistory.otherType'))}</td>
                      <td className="px-3 py-1">{a.objectName ?? a.objectCode}</td>
                      <td className="px-3 py-1">{t(`alarms.level.${a.level}`)}</td>
                      <td className="px-3 py-1">{t(`alarms.status.${a.status}`)}</td>
                      <td className="px-3 py-1 tabular-nums">
                        {(a.closedAt ?? a.clearedAt) ? formatDateTime((a.closedAt ?? a.clearedAt)!, locale) : '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Panel>
        </main>
      ) : null}
    </div>
  );
}
