'use client';
/**
 * 设施状态: every facility kind's count split by severity (working, needs attention, fault, idle), so one chart
 * compares lights, toilets, kiosks… whatever words each kind uses for its states.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SwatchLegend } from '@/components/charts/swatch-legend';
import { useI18n } from '@/components/i18n/i18n-provider';
import type { FacilityKpis } from '@/components/map/map-types';
import { useWallScale } from '@/components/ui/use-wall-scale';
import { SEVERITIES, severityRows } from './severity-rows';
import { AXIS_COLOUR, categoryAxisWidth, GRID_COLOUR, legendStyle, tickStyle, tooltipStyle } from './chart-theme';

export function FacilityStatusChart({ kpis }: { kpis: FacilityKpis | undefined }) {
  const { t, locale } = useI18n();
  const scale = useWallScale();
  if (!kpis || kpis.byKind.length === 0) return <p className="p-3 text-[0.85rem] text-slate-400">{t('chart.noData')}</p>;
  const rows = severityRows(kpis, (kind) => t(`kind.${kind}`));
  const present = SEVERITIES.filter(({ key }) => rows.some((r) => r[key] > 0));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={rows} layout="vertical" margin={{ top: 4 * scale, right: 12 * scale, bottom: 0, left: 0 }} barCategoryGap="22%">
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
        {present.map(({ key, colour }) => (
          <Bar key={key} dataKey={key} name={t(`severity.${key}`)} stackId="status" fill={colour} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
