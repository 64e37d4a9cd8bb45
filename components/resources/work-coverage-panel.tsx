'use client';
/**
 * 作业覆盖 in the resource centre's 环卫 theme: for a day, the coverage rate per cleaning grade, every road segment
 * with how much of it was worked, by which vehicles and when, and the compactors' transfer-station trips — what a
 * sanitation supervisor checks first each morning (issue 15 part 5). Computed from the position history.
 */
import { useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage } from '@/components/trpc/client';
import { controlClass } from '@/components/ui/field';
import { Panel } from '@/components/ui/panel';
import { formatNumber, formatPercent, formatTime } from '@/domain/i18n/format';
import { shanghaiDay } from '@/domain/shanghai-time';
import { cleaningGradeLabel } from '@/components/map/status-label';
import { useWorkCoverage } from './use-work-coverage';

export function WorkCoveragePanel() {
  const { t, locale } = useI18n();
  const errorMessage = useErrorMessage();
  const [day, setDay] = useState(() => shanghaiDay(new Date()));
  const [onlyWorked, setOnlyWorked] = useState(true);
  const today = shanghaiDay(new Date());
  const query = useWorkCoverage(day);
  const data = query.data;
  const grade = (g: string) => cleaningGradeLabel(t, g);
  const km = (m: number) => formatNumber(m / 1000, locale, 1);
  const segments = (data?.segments ?? []).filter((s) => !onlyWorked || s.share > 0);
  return (
    <Panel title={t('coverage.title')} testId="coverage" className="shrink-0" bodyClassName="space-y-3 p-3 text-[0.85rem]">
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-2">
          <span className="text-slate-300">{t('coverage.day')}</span>
          <input
            type="date"
            data-testid="coverage-day"
            className={controlClass()}
            value={day}
            max={today}
            onChange={(e) => e.target.value && setDay(e.target.value)}
          />
        </label>
        <label className="flex items-center gap-2 text-slate-300">
          <input type="checkbox" checked={onlyWorked} onChange={(e) => setOnlyWorked(e.target.checked)} />
          {t('coverage.onlyWorked')}
        </label>
      </div>
      {data ? (
        <p className="text-[0.8rem] text-slate-400">
          {t('coverage.rule', {
            buffer: data.rule.bufferM,
            speed: data.rule.maxSpeedKmh,
            share: formatPercent(data.rule.minShare, locale),
            radius: data.rule.stationRadiusM,
            minutes: data.rule.minStopS / 60,
          })}
        </p>
      ) : null}
      {query.error ? (
        <p role="alert" className="text-red-300">
          {errorMessage(query.error)}
        </p>
      ) : null}
      {query.isPending ? <p className="text-slate-400">{t('coverage.loading')}</p> : null}
      {data ? (
        <>
          <div className="overflow-x-auto">
            <table className="w-full min-w-[40rem] text-left" data-testid="coverage-grades">
              <thead className="text-slate-400">
                <tr>
                  <th className="py-1">{t('coverage.grade')}</th>
                  <th className="text-right">{t('coverage.segments')}</th>
                  <th className="text-right">{t('coverage.covered')}</th>
                  <th className="text-right">{t('coverage.rate')}</th>
                  <th className="text-right">{t('coverage.length')}</th>
                  <th className="text-right">{t('coverage.coveredLength')}</th>
                </tr>
              </thead>
              <tbody>
                {data.byGrade.map((g) => (
                  <tr key={g.grade} data-testid="coverage-grade-row" data-grade={g.grade} className="border-t border-slate-800">
                    <td className="py-1">{grade(g.grade)}</td>
                    <td className="text-right">{formatNumber(g.segments, locale)}</td>
                    <td className="text-right" data-testid="coverage-grade-covered">
                      {formatNumber(g.covered, locale)}
                    </td>
                    <td className="text-right">{formatPercent(g.rate, locale)}</td>
                    <td className="text-right">{km(g.lengthM)}</td>
                    <td className="text-right">{km(g.coveredLengthM)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="max-h-[24rem] overflow-auto">
            {segments.length === 0 ? (
              <p className="text-slate-400">{t('coverage.noSegments')}</p>
            ) : (
              <table className="w-full min-w-[48rem] text-left" data-testid="coverage-segments">
                <thead className="sticky top-0 bg-[rgb(8,20,38)] text-slate-400">
                  <tr>
                    <th className="py-1">{t('coverage.segment')}</th>
                    <th>{t('coverage.grade')}</th>
                    <th className="text-right">{t('coverage.share')}</th>
                    <th className="pl-3">{t('coverage.state.covered')}</th>
                    <th>{t('coverage.by')}</th>
                    <th>{t('coverage.when')}</th>
                  </tr>
                </thead>
                <tbody>
                  {segments.map((s) => (
                    <tr
                      key={s.id}
                      data-testid="coverage-segment"
                      data-code={s.code}
                      data-covered={s.covered}
                      className="border-t border-slate-800"
                    >
                      <td className="py-1">
                        {s.name} <span className="text-slate-500">{s.code}</span>
                      </td>
                      <td>{grade(s.grade)}</td>
                      <td className="text-right">{formatPercent(s.share, locale)}</td>
                      <td className={`pl-3 ${s.covered ? 'text-emerald-300' : s.share > 0 ? 'text-amber-300' : 'text-slate-400'}`}>
                        {t(s.covered ? 'coverage.state.covered' : s.share > 0 ? 'coverage.state.partial' : 'coverage.state.none')}
                      </td>
                      <td data-testid="coverage-units">{s.units.join('、')}</td>
                      <td className="whitespace-nowrap">
                        {s.firstAt && s.lastAt ? `${formatTime(s.firstAt, locale)}–${formatTime(s.lastAt, locale)}` : '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          <h3 className="font-semibold text-sky-100">{t('coverage.trips')}</h3>
          {data.trips.length === 0 ? (
            <p className="text-slate-400">{t('coverage.noTrips')}</p>
          ) : (
            <div className="max-h-[16rem] overflow-auto">
              <table className="w-full min-w-[36rem] text-left" data-testid="coverage-trips">
                <thead className="text-slate-400">
                  <tr>
                    <th className="py-1">{t('coverage.station')}</th>
                    <th>{t('coverage.vehicle')}</th>
                    <th>{t('coverage.when')}</th>
                    <th className="text-right">{t('coverage.stay')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.trips.map((trip) => (
                    <tr key={`${trip.stationCode}-${trip.unitName}-${String(trip.arrivedAt)}`} className="border-t border-slate-800">
                      <td className="py-1">{trip.stationName}</td>
                      <td>{trip.unitName}</td>
                      <td className="whitespace-nowrap">
                        {formatTime(trip.arrivedAt, locale)}–{formatTime(trip.leftAt, locale)}
                      </td>
                      <td className="text-right">
                        {t('coverage.minutes', { n: Math.round((trip.leftAt.getTime() - trip.arrivedAt.getTime()) / 60_000) })}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </Panel>
  );
}
