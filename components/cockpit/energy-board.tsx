'use client';
/**
 * 能耗看板: today's totals, every meter's live rate against its baseline (same hour, last four weeks), the main
 * meter's 24 hours against baseline, and the anomalies with their rectification (assign → rectified → verified).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { SwatchLegend } from '@/components/charts/swatch-legend';
import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_COLOUR, GRID_COLOUR, legendStyle, tickStyle, tooltipStyle } from '@/components/charts/chart-theme';
import { formatNumber, formatTime } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { StatTile } from '@/components/ui/stat-tile';
import { useWallScale } from '@/components/ui/use-wall-scale';
import type { AnomalyView, CockpitBoards } from './cockpit-types';
import { Board } from './board';

const LEVEL_COLOUR = { normal: '#34d399', warning: '#fbbf24', anomaly: '#f87171' } as const;

function TrendChart({ trend }: { trend: CockpitBoards['energy']['trend'] }) {
  const { t, locale } = useI18n();
  const scale = useWallScale();
  const data = trend.map((p) => ({
    hour: formatTime(p.hour, locale).slice(0, 5),
    value: p.value,
    baseline: p.baseline === null ? null : Math.round(p.baseline),
  }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={{ top: 4 * scale, right: 10 * scale, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={GRID_COLOUR} />
        <XAxis dataKey="hour" tick={tickStyle(scale)} stroke={AXIS_COLOUR} interval={3} />
        <YAxis tick={tickStyle(scale)} stroke={AXIS_COLOUR} width={40 * scale} />
        <Tooltip {...tooltipStyle(scale)} />
        <Legend wrapperStyle={legendStyle(scale)} content={({ payload }) => <SwatchLegend payload={payload} scale={scale} />} />
        <Line dataKey="value" name={t('cockpit.trendActual')} stroke="#38bdf8" dot={false} isAnimationActive={false} strokeWidth={2} />
        <Line
          dataKey="baseline"
          name={t('cockpit.trendBaseline')}
          stroke="#94a3b8"
          strokeDasharray="4 3"
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}

const NEXT_ACTIONS: Record<AnomalyView['status'], ReadonlyArray<'assign' | 'rectify' | 'verify' | 'reject'>> = {
  raised: ['assign'],
  assigned: ['rectify', 'assign'],
  rectified: ['verify', 'reject'],
  verified: [],
};

function AnomalyRow({ anomaly, canOperate }: { anomaly: AnomalyView; canOperate: boolean }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [text, setText] = useState('');
  const act = useMutation(
    trpc.cockpit.rectify.mutationOptions({
      onSuccess: () => {
        setText('');
        void queryClient.invalidateQueries({ queryKey: trpc.cockpit.boards.queryKey() });
      },
    }),
  );
  const actions = NEXT_ACTIONS[anomaly.status];
  const placeholder =
    anomaly.status === 'raised'
      ? t('cockpit.promptAssignee')
      : anomaly.status === 'assigned'
        ? t('cockpit.promptMeasures')
        : t('cockpit.promptReason');
  return (
    <li className="rounded bg-slate-900/60 px-2 py-1.5 text-[0.82rem]" data-testid="anomaly-item" data-status={anomaly.status}>
      <div className="flex justify-between">
        <span>
          {anomaly.equipmentName} · {t(`cockpit.metric.${anomaly.metric}`)}
        </span>
        <span className="text-amber-200">{t(`cockpit.rect.${anomaly.status}`)}</span>
      </div>
      <div className="text-slate-400">
        {formatNumber(anomaly.observedPerHour, locale, 1)} / {formatNumber(anomaly.baselinePerHour, locale, 1)} ·{' '}
        {formatTime(anomaly.raisedAt, locale)}
        {anomaly.assignee ? ` · ${anomaly.assignee}` : ''}
      </div>
      {canOperate && actions.length ? (
        <div className="mt-1 flex gap-1">
          <input
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={placeholder}
            className="min-w-0 flex-1 rounded bg-slate-800 px-1.5 py-0.5 text-slate-100"
          />
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              disabled={act.isPending}
              onClick={() =>
                act.mutate({
                  id: anomaly.id,
                  action,
                  expectedVersion: anomaly.version,
                  assignee: action === 'assign' ? text : undefined,
                  note: action === 'assign' ? undefined : text || undefined,
                })
              }
              className="rounded border border-sky-400/50 bg-sky-800/40 px-2 text-sky-50 hover:bg-sky-700/60"
            >
              {t(`cockpit.action.${action}`)}
            </button>
          ))}
        </div>
      ) : null}
      {act.error ? (
        <p role="alert" className="text-red-300">
          {errorMessage(act.error)}
        </p>
      ) : null}
    </li>
  );
}

export function EnergyBoard({ boards, canOperate }: { boards: CockpitBoards; canOperate: boolean }) {
  const { t, locale } = useI18n();
  const energy = boards.energy;
  return (
    <Board
      title={t('cockpit.energy')}
      testId="board-energy"
      tiles={
        <>
          <StatTile
            testId="energy-today-electricity"
            label={t('cockpit.todayElectricity')}
            value={`${formatNumber(energy.today.electricityKwh, locale, 1)} kWh`}
            accent="#38bdf8"
          />
          <StatTile
            testId="energy-today-water"
            label={t('cockpit.todayWater')}
            value={`${formatNumber(energy.today.waterM3, locale, 2)} m³`}
            accent="#22d3ee"
          />
        </>
      }
    >
      <h3 className="text-[0.85rem] text-sky-200">{t('cockpit.meters')}</h3>
      <ul className="space-y-1">
        {energy.meters.map((m) => (
          <li
            key={`${m.id}:${m.metric}`}
            data-testid={`meter-${m.code}`}
            className="flex items-center justify-between rounded bg-slate-900/60 px-2 py-1 text-[0.85rem]"
          >
            <span className="truncate">{m.name}</span>
            <span className="flex items-center gap-2 tabular-nums">
              <span data-testid="meter-rate" className="text-slate-100">
                {m.ratePerHour === null ? '—' : t('cockpit.rate', { value: formatNumber(m.ratePerHour, locale, 2), unit: m.unit })}
              </span>
              <span className="text-slate-500">
                {m.baselinePerHour === null
                  ? t('cockpit.noBaseline')
                  : t('cockpit.baseline', { value: formatNumber(m.baselinePerHour, locale, 1) })}
              </span>
              <span style={{ color: LEVEL_COLOUR[m.level] }}>{t(`cockpit.level.${m.level}`)}</span>
            </span>
          </li>
        ))}
      </ul>
      <h3 className="text-[0.85rem] text-sky-200">{t('cockpit.trend')}</h3>
      <div className="h-[12rem] shrink-0">
        <TrendChart trend={energy.trend} />
      </div>
      <h3 className="text-[0.85rem] text-sky-200">{t('cockpit.anomalies')}</h3>
      <ul className="min-h-0 flex-1 space-y-1 overflow-y-auto" data-testid="anomaly-list">
        {energy.anomalies.length === 0 ? <li className="text-[0.85rem] text-slate-400">{t('cockpit.noAnomalies')}</li> : null}
        {energy.anomalies.map((a) => (
          <AnomalyRow key={a.id} anomaly={a} canOperate={canOperate} />
        ))}
      </ul>
    </Board>
  );
}
