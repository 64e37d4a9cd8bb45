'use client';
/** 各类作业单元在线: online and offline units of each kind, from the live state. */
import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SwatchLegend } from '@/components/charts/swatch-legend';
import { useI18n } from '@/components/i18n/i18n-provider';
import type { UnitKind } from '@/components/map/map-types';
import { cssColour, OFFLINE_UNIT, UNIT_COLOURS } from '@/components/map/status-colours';
import { useWallScale } from '@/components/ui/use-wall-scale';
import { AXIS_COLOUR, categoryAxisWidth, GRID_COLOUR, legendStyle, tickStyle, tooltipStyle } from './chart-theme';

export const UNIT_KIND_ORDER: readonly UnitKind[] = [
  'sweeper',
  'washer',
  'compactor',
  'toilet_service',
  'lighting_repair',
  'greening_crew',
  'duty_officer',
  'patrol_officer',
  'handler',
];

export interface UnitsOnlineChartProps {
  onlineByKind: Partial<Record<UnitKind, number>>;
  totalByKind: Partial<Record<UnitKind, number>>;
}

export function UnitsOnlineChart({ onlineByKind, totalByKind }: UnitsOnlineChartProps) {
  const { t, locale } = useI18n();
  const scale = useWallScale();
  const data = UNIT_KIND_ORDER.filter((kind) => (totalByKind[kind] ?? 0) > 0).map((kind) => {
    const online = onlineByKind[kind] ?? 0;
    return { kind, name: t(`unitKind.${kind}`), online, offline: Math.max(0, (totalByKind[kind] ?? 0) - online) };
  });
  if (data.length === 0) return <p className="p-3 text-[0.85rem] text-slate-400">{t('kpi.liveUnavailable')}</p>;
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} layout="vertical" margin={{ top: 4 * scale, right: 12 * scale, bottom: 0, left: 0 }} barCategoryGap="22%">
        <CartesianGrid horizontal={false} stroke={GRID_COLOUR} />
        <XAxis type="number" allowDecimals={false} tick={tickStyle(scale)} stroke={AXIS_COLOUR} />
        <YAxis
          type="category"
          dataKey="name"
          width={categoryAxisWidth(locale, scale)}
          tick={tickStyle(scale)}
          stroke={AXIS_COLOUR}
          interval={0}
        />
        <Tooltip cursor={{ fill: 'rgba(56,189,248,0.08)' }} {...tooltipStyle(scale)} />
        <Legend wrapperStyle={legendStyle(scale)} content={({ payload }) => <SwatchLegend payload={payload} scale={scale} />} />
        <Bar dataKey="online" name={t('chart.online')} stackId="units" fill="#38bdf8" isAnimationActive={false}>
          {data.map((row) => (
            <Cell key={row.kind} fill={cssColour(UNIT_COLOURS[row.kind])} />
          ))}
        </Bar>
        <Bar dataKey="offline" name={t('chart.offline')} stackId="units" fill={cssColour(OFFLINE_UNIT)} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
