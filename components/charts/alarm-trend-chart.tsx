'use client';
/** 报警趋势: alarms first seen per Shanghai day, stacked by type (the alarm history's chart). */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '@/components/i18n/i18n-provider';
import { labelOr } from '@/components/map/status-label';
import { useWallScale } from '@/components/ui/use-wall-scale';
import { AXIS_COLOUR, GRID_COLOUR, legendStyle, tickStyle, tooltipStyle } from './chart-theme';
import { type AlarmTrendRow, trendByDay } from './alarm-trend-rows';

const PALETTE = ['#38bdf8', '#f97316', '#a3e635', '#f43f5e', '#facc15', '#c084fc', '#2dd4bf', '#fb7185', '#94a3b8', '#e879f9'];

export function AlarmTrendChart({ rows, days }: { rows: readonly AlarmTrendRow[]; days: readonly string[] }) {
  const { t } = useI18n();
  const scale = useWallScale();
  const { types, data } = trendByDay(rows, days);
  if (types.length === 0) return <p className="p-3 text-[0.85rem] text-slate-400">{t('chart.noData')}</p>;
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 4 * scale, right: 8 * scale, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke={GRID_COLOUR} />
        <XAxis dataKey="day" tick={tickStyle(scale)} stroke={AXIS_COLOUR} />
        <YAxis allowDecimals={false} width={32 * scale} tick={tickStyle(scale)} stroke={AXIS_COLOUR} />
        <Tooltip cursor={{ fill: 'rgba(56,189,248,0.08)' }} {...tooltipStyle(scale)} />
        <Legend wrapperStyle={legendStyle(scale)} iconSize={9 * scale} />
        {types.map((type, i) => (
          <Bar
            key={type}
            dataKey={type}
            stackId="alarms"
            name={labelOr(t, `alarms.type.${type}`, t('alarmHistory.otherType'))}
            fill={PALETTE[i % PALETTE.length]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
