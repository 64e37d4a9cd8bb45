'use client';
/**
 * The period's statistics as charts (Recharts, the wall's chart theme): tickets and overdue over time, and per
 * sub-district the overdue rate, the average response time and the average satisfaction.
 */
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SwatchLegend } from '@/components/charts/swatch-legend';
import {
  AXIS_COLOUR,
  categoryAxisWidth,
  GRID_COLOUR,
  legendStyle,
  shortAreaName,
  tickStyle,
  tooltipStyle,
} from '@/components/charts/chart-theme';
import { formatNumber, formatPercent } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useWallScale } from '@/components/ui/use-wall-scale';
import type { HotlineMeta, HotlineOverview } from './hotline-types';

export function TrendChart({ overview }: { overview: HotlineOverview }) {
  const { t } = useI18n();
  const scale = useWallScale();
  const data = overview.trend.map((r) => ({
    period: overview.trendBy === 'day' ? r.period.slice(5) : r.period.slice(0, 7),
    tickets: r.tickets,
    overdue: r.overdue,
  }));
  if (data.length === 0) return <p className="p-3 text-[0.85rem] text-slate-400">{t('chart.noData')}</p>;
  return (
    <ResponsiveContainer width="100%" height="100%">
      <AreaChart data={data} margin={{ top: 6 * scale, right: 10 * scale, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={GRID_COLOUR} vertical={false} />
        <XAxis dataKey="period" tick={tickStyle(scale)} stroke={AXIS_COLOUR} minTickGap={16 * scale} />
        <YAxis tick={tickStyle(scale)} stroke={AXIS_COLOUR} width={40 * scale} />
        <Tooltip {...tooltipStyle(scale)} />
        <Legend wrapperStyle={legendStyle(scale)} content={({ payload }) => <SwatchLegend payload={payload} scale={scale} />} />
        <Area dataKey="tickets" name={t('hotline.stat.tickets')} stroke="#38bdf8" fill="rgba(56,189,248,0.25)" isAnimationActive={false} />
        <Area dataKey="overdue" name={t('hotline.stat.overdue')} stroke="#ef4444" fill="rgba(239,68,68,0.3)" isAnimationActive={false} />
      </AreaChart>
    </ResponsiveContainer>
  );
}

type Metric = 'overdueRate' | 'avgResponseMinutes' | 'avgSatisfaction';
const METRIC_COLOUR: Record<Metric, string> = { overdueRate: '#ef4444', avgResponseMinutes: '#f59e0b', avgSatisfaction: '#22c55e' };

export function SubDistrictMetricChart({ overview, meta, metric }: { overview: HotlineOverview; meta: HotlineMeta; metric: Metric }) {
  const { t, locale } = useI18n();
  const scale = useWallScale();
  const nameOf = (code: string) => {
    const s = meta.subDistricts.find((x) => x.code === code);
    return !s ? code : locale === 'en' ? shortAreaName(s.name_en) : s.name;
  };
  const data = overview.subDistricts.map((s) => ({ name: nameOf(s.code), value: s[metric] ?? 0 }));
  if (data.length === 0) return <p className="p-3 text-[0.85rem] text-slate-400">{t('chart.noData')}</p>;
  const format = (v: number) => (metric === 'overdueRate' ? formatPercent(v, locale) : formatNumber(v, locale, 1));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} layout="vertical" margin={{ top: 0, right: 14 * scale, bottom: 0, left: 0 }} barCategoryGap="18%">
        <CartesianGrid horizontal={false} stroke={GRID_COLOUR} />
        <XAxis
          type="number"
          tickFormatter={format}
          tick={tickStyle(scale)}
          stroke={AXIS_COLOUR}
          domain={metric === 'avgSatisfaction' ? [0, 5] : [0, 'auto']}
        />
        <YAxis
          type="category"
          dataKey="name"
          width={categoryAxisWidth(locale, scale)}
          tick={tickStyle(scale)}
          stroke={AXIS_COLOUR}
          interval={0}
        />
        <Tooltip cursor={{ fill: 'rgba(56,189,248,0.08)' }} formatter={(v) => format(Number(v))} {...tooltipStyle(scale)} />
        <Bar dataKey="value" name={t(`hotline.stat.${metric}`)} fill={METRIC_COLOUR[metric]} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
