'use client';
/**
 * 各街镇亮灯率 / 故障率: per sub-district, the share of lights on (0–100 %) and, beside it on the same rows, the
 * share at fault on its own range.
 */
import type React from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
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
  const margin = { top: 0, right: 10 * scale, bottom: 0, left: 0 };
  // Two panels side by side on one row of sub-districts, each with its own axis: one chart with two x-axes over
  // the same bars read as one scale, and faults (a few percent) would vanish on the lit rate's 0–100 %.
  return (
    <div className="flex h-full min-h-0 w-full">
      <RatePanel title={t('chart.onRate')} colour={ON_COLOUR} scale={scale} className="flex-[3]">
        <BarChart data={data} layout="vertical" margin={margin} barCategoryGap="22%">
          <CartesianGrid horizontal={false} stroke={GRID_COLOUR} />
          <XAxis type="number" domain={[0, 1]} tickFormatter={percent} tick={tickStyle(scale)} stroke={AXIS_COLOUR} />
          <YAxis
            type="category"
            dataKey="name"
            width={categoryAxisWidth(locale, scale)}
            tick={tickStyle(scale)}
            stroke={AXIS_COLOUR}
            interval={0}
          />
          <Tooltip cursor={{ fill: 'rgba(56,189,248,0.08)' }} formatter={(value) => percent(Number(value))} {...tooltipStyle(scale)} />
          <Bar dataKey="onRate" name={t('chart.onRate')} fill={ON_COLOUR} isAnimationActive={false} />
        </BarChart>
      </RatePanel>
      <RatePanel title={t('chart.faultRate')} colour={FAULT_COLOUR} scale={scale} className="flex-[2]">
        <BarChart data={data} layout="vertical" margin={margin} barCategoryGap="22%">
          <CartesianGrid horizontal={false} stroke={GRID_COLOUR} />
          <XAxis
            type="number"
            domain={[0, (max: number) => Math.max(0.05, Math.ceil(max * 20) / 20)]}
            tickFormatter={percent}
            tick={tickStyle(scale)}
            stroke={AXIS_COLOUR}
          />
          <YAxis type="category" dataKey="name" hide />
          <Tooltip cursor={{ fill: 'rgba(56,189,248,0.08)' }} formatter={(value) => percent(Number(value))} {...tooltipStyle(scale)} />
          <Bar dataKey="faultRate" name={t('chart.faultRate')} fill={FAULT_COLOUR} isAnimationActive={false} />
        </BarChart>
      </RatePanel>
    </div>
  );
}

/** One measure's panel: its name in its colour above its own chart. */
function RatePanel({
  title,
  colour,
  scale,
  className,
  children,
}: {
  title: string;
  colour: string;
  scale: number;
  className: string;
  children: React.ReactElement;
}) {
  return (
    <div className={`flex min-h-0 min-w-0 flex-col ${className}`}>
      <div className="text-center" style={{ ...legendStyle(scale), color: colour }}>
        {title}
      </div>
      <div className="min-h-0 flex-1">
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
    </div>
  );
}
