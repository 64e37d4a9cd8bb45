'use client';
/**
 * 各街镇亮灯率 / 故障率: per sub-district, the share of lights on (bottom axis, 0–100 %) and the share at
 * fault (top axis, its own range, since faults are a few percent and would vanish on the first axis).
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SwatchLegend } from '@/components/charts/swatch-legend';
import { formatPercent } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import type { FacilityKpis } from '@/components/map/map-types';
import { useWallScale } from '@/components/ui/use-wall-scale';
import { AXIS_COLOUR, categoryAxisWidth, GRID_COLOUR, legendStyle, shortAreaName, tickStyle, tooltipStyle } from './chart-theme';

const ON_COLOUR = '#facc15';
const FAULT_COLOUR = '#ef4444';

export function LightRatesChart({ kpis }: { kpis: FacilityKpis | undefined }) {
  const { t, locale } = useI18n();
  const scale = useWallScale();
  const areas = kpis?.lightsBySubDistrict.filter((a) => a.total > 0) ?? [];
  if (areas.length === 0) return <p className="p-3 text-[0.85rem] text-slate-400">{t('chart.noData')}</p>;
  const data = areas.map((a) => ({
    name: locale === 'en' && a.nameEn ? shortAreaName(a.nameEn) : a.name,
    onRate: a.onRate,
    faultRate: a.faultRate,
  }));
  const percent = (value: number) => formatPercent(value, locale);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} layout="vertical" margin={{ top: 0, right: 14 * scale, bottom: 0, left: 0 }} barCategoryGap="18%" barGap={1}>
        <CartesianGrid horizontal={false} stroke={GRID_COLOUR} />
        <XAxis xAxisId="on" type="number" domain={[0, 1]} tickFormatter={percent} tick={tickStyle(scale)} stroke={ON_COLOUR} />
        <XAxis
          xAxisId="fault"
          type="number"
          orientation="top"
          domain={[0, (max: number) => Math.max(0.05, Math.ceil(max * 20) / 20)]}
          tickFormatter={percent}
          tick={tickStyle(scale)}
          stroke={FAULT_COLOUR}
        />
        <YAxis
          type="category"
          dataKey="name"
          width={categoryAxisWidth(locale, scale)}
          tick={tickStyle(scale)}
          stroke={AXIS_COLOUR}
          interval={0}
        />
        <Tooltip cursor={{ fill: 'rgba(56,189,248,0.08)' }} formatter={(value) => percent(Number(value))} {...tooltipStyle(scale)} />
        <Legend wrapperStyle={legendStyle(scale)} content={({ payload }) => <SwatchLegend payload={payload} scale={scale} />} />
        <Bar xAxisId="on" dataKey="onRate" name={t('chart.onRate')} fill={ON_COLOUR} isAnimationActive={false} />
        <Bar xAxisId="fault" dataKey="faultRate" name={t('chart.faultRate')} fill={FAULT_COLOUR} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
