'use client';
/**
 * /hotline, 12345 热线分析 for analysts and leaders (1920×1080, scaled like the wall): period and filters on top;
 * statistics and charts on the left; the hexbin / heat map with the playback slider in the middle; on the right
 * the drill-down (or a selected hotspot) over the emerging hotspots and repeated places. Every view exports as
 * CSV or XLSX, and the page prints as a report.
 */
import { skipToken, useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { formatNumber, formatPercent } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { NoAccessWall } from '@/components/ui/no-access';
import { Panel } from '@/components/ui/panel';
import { ScreenHeader } from '@/components/ui/screen-header';
import { StatTile } from '@/components/ui/stat-tile';
import { addDays, daysBetween } from '@/domain/periods';
import { saveBase64File } from './download';
import { SubDistrictMetricChart, TrendChart } from './hotline-charts';
import { DrillPanel, HotspotPanel, useNames } from './hotline-drill';
import { HotlineImport } from './hotline-import';
import { HotlineMap } from './hotline-map';
import type { Drill, HotlineFilter } from './hotline-types';

const PRESETS = [7, 30, 90, 365, 1095] as const;
type ExportView = 'sub_districts' | 'categories' | 'hotspots' | 'places' | 'tickets' | 'repeated';

function shanghaiToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

export function HotlineScreen() {
  const { user, can } = useSession();
  const { t } = useI18n();
  if (!user) return <div data-wall className="h-screen w-screen" />;
  if (!can('hotline:analyze')) {
    return (
      <NoAccessWall
        header={<ScreenHeader title={t('hotline.title')} titleTestId="hotline-title" current="/hotline" />}
        messageKey="hotline.noAccess"
        testId="hotline-no-access"
      />
    );
  }
  return <HotlineWorkspace canOrder={can('orders:create')} canImport={can('hotline:import')} />;
}

function HotlineWorkspace({ canOrder, canImport }: { canOrder: boolean; canImport: boolean }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const meta = useQuery(trpc.hotline.meta.queryOptions(undefined, { staleTime: 60_000 }));
  const names = useNames(meta.data);
  const today = shanghaiToday();
  const [period, setPeriod] = useState({ from: addDays(today, -6), to: today, preset: 7 as number | null });
  const [category, setCategory] = useState('');
  const [drill, setDrill] = useState<Drill>({});
  const [cell, setCell] = useState<string | null>(null);
  const [repeat, setRepeat] = useState({ minTickets: 3, days: 30 });
  const [tab, setTab] = useState<'emerging' | 'repeated' | 'clusters'>('emerging');
  const [importOpen, setImportOpen] = useState(false);

  const filter: HotlineFilter = useMemo(
    () => ({ from: period.from, to: period.to, ...(category ? { categories: [category] } : {}) }),
    [period, category],
  );
  const valid = period.from <= period.to && daysBetween(period.from, period.to) <= 1200;
  const overview = useQuery(trpc.hotline.overview.queryOptions(valid ? { filter } : skipToken));
  const points = useQuery(trpc.hotline.points.queryOptions(valid ? { filter } : skipToken));
  const repeated = useQuery(trpc.hotline.repeated.queryOptions(valid ? { filter, ...repeat } : skipToken));
  const clusters = useQuery(
    trpc.hotline.clusters.queryOptions(valid && tab === 'clusters' ? { filter, radiusMeters: 250, minTickets: 3 } : skipToken),
  );
  const exporter = useMutation(trpc.hotline.export.mutationOptions({ onSuccess: saveBase64File }));

  const choosePreset = (days: number) => {
    setPeriod({ from: addDays(today, -(days - 1)), to: today, preset: days });
    setDrill({});
    setCell(null);
  };
  const currentView = (): { view: ExportView; filter: HotlineFilter; placeKey?: string; cell?: string } => {
    if (cell) return { view: 'places', filter, cell };
    if (drill.placeKey)
      return {
        view: 'tickets',
        filter: { ...filter, categories: drill.category ? [drill.category] : filter.categories },
        placeKey: drill.placeKey,
      };
    if (drill.category && drill.subDistrict)
      return { view: 'places', filter: { ...filter, subDistricts: [drill.subDistrict], categories: [drill.category] } };
    if (drill.subDistrict) return { view: 'categories', filter: { ...filter, subDistricts: [drill.subDistrict] } };
    return { view: 'sub_districts', filter };
  };
  const exportAs = (format: 'csv' | 'xlsx', view?: ExportView) => {
    const current = currentView();
    exporter.mutate(view ? { view, format, filter, ...(view === 'repeated' ? repeat : {}) } : { ...current, format });
  };

  const summary = overview.data?.summary;
  const emerging = (overview.data?.cells ?? []).filter((c) => c.emerging).sort((a, b) => b.z - a.z);

  return (
    <div data-wall className="hotline-report flex h-screen w-screen flex-col overflow-hidden">
      <ScreenHeader
        title={t('hotline.title')}
        titleTestId="hotline-title"
        current="/hotline"
        className="h-[3.5rem]"
        titleClassName="text-[1.5rem] tracking-[0.1em]"
      >
        <span className="print-only hidden text-[0.9rem]">{t('hotline.report.period', { from: period.from, to: period.to })}</span>
      </ScreenHeader>
      <div data-print-hide className="flex flex-wrap items-center gap-2 border-b border-sky-400/15 px-3 py-2 text-[0.85rem] text-slate-200">
        <span className="text-slate-400">{t('hotline.period')}</span>
        {PRESETS.map((d) => (
          <Button
            key={d}
            data-testid={`hotline-preset-${d}`}
            aria-pressed={period.preset === d}
            onClick={() => choosePreset(d)}
            variant="outline"
            size="sm"
            className={period.preset === d ? 'bg-sky-700/60' : ''}
          >
            {t(`hotline.preset.${d}`)}
          </Button>
        ))}
        <input
          type="date"
          aria-label={t('hotline.from')}
          value={period.from}
          onChange={(e) => setPeriod({ ...period, from: e.target.value, preset: null })}
          className="rounded bg-slate-900 px-1"
        />
        <span>–</span>
        <input
          type="date"
          aria-label={t('hotline.to')}
          value={period.to}
          onChange={(e) => setPeriod({ ...period, to: e.target.value, preset: null })}
          className="rounded bg-slate-900 px-1"
        />
        <select
          aria-label={t('hotline.category')}
          value={category}
          onChange={(e) => {
            setCategory(e.target.value);
            setDrill({});
          }}
          className="rounded bg-slate-900 px-1"
        >
          <option value="">{t('hotline.allCategories')}</option>
          {meta.data?.categories.map((c) => (
            <option key={c.code} value={c.code}>
              {locale === 'en' ? c.name_en : c.name_zh}
            </option>
          ))}
        </select>
        {!valid ? (
          <span role="alert" className="text-red-300">
            {t('hotline.badPeriod')}
          </span>
        ) : null}
        <span className="ml-auto flex items-center gap-2">
          <span className="text-slate-400">{t('hotline.export.current')}</span>
          <Button data-testid="hotline-export-csv" variant="outline" size="sm" onClick={() => exportAs('csv')}>
            CSV
          </Button>
          <Button data-testid="hotline-export-xlsx" variant="outline" size="sm" onClick={() => exportAs('xlsx')}>
            XLSX
          </Button>
          <Button data-testid="hotline-print" variant="outline" size="sm" onClick={() => window.print()}>
            {t('hotline.print')}
          </Button>
          {canImport ? (
            <Button data-testid="hotline-import-open" variant="outline" size="sm" onClick={() => setImportOpen(true)}>
              {t('hotline.import.open')}
            </Button>
          ) : null}
        </span>
        {exporter.error ? (
          <span role="alert" className="text-red-300">
            {errorMessage(exporter.error)}
          </span>
        ) : null}
      </div>
      {importOpen ? <HotlineImport onClose={() => setImportOpen(false)} /> : null}
      <main className="hotline-grid grid min-h-0 flex-1 grid-cols-[27rem_1fr_30rem] gap-3 p-3">
        <div className="grid min-h-0 grid-rows-[auto_1fr_1fr_1fr] gap-3">
          <div data-testid="hotline-kpis" className="grid grid-cols-2 gap-2">
            <StatTile
              testId="kpi-tickets"
              label={t('hotline.stat.tickets')}
              value={summary ? formatNumber(summary.tickets, locale) : '—'}
            />
            <StatTile
              testId="kpi-overdue"
              label={t('hotline.stat.overdueRate')}
              accent="#fca5a5"
              value={summary?.overdueRate != null ? formatPercent(summary.overdueRate, locale) : '—'}
              note={summary ? `${t('hotline.stat.overdue')} ${formatNumber(summary.overdue, locale)}` : undefined}
            />
            <StatTile
              testId="kpi-response"
              label={t('hotline.stat.avgResponseMinutes')}
              accent="#fcd34d"
              value={summary?.avgResponseMinutes != null ? formatNumber(summary.avgResponseMinutes, locale) : '—'}
              note={
                summary?.avgCloseMinutes != null
                  ? t('hotline.stat.closeHours', { hours: formatNumber(summary.avgCloseMinutes / 60, locale, 1) })
                  : undefined
              }
            />
            <StatTile
              testId="kpi-satisfaction"
              label={t('hotline.stat.avgSatisfaction')}
              accent="#86efac"
              value={summary?.avgSatisfaction != null ? formatNumber(summary.avgSatisfaction, locale, 2) : '—'}
              note={
                summary?.satisfiedRate != null
                  ? t('hotline.stat.satisfied', { rate: formatPercent(summary.satisfiedRate, locale) })
                  : undefined
              }
            />
          </div>
          <Panel title={t('hotline.chart.trend')}>{overview.data ? <TrendChart overview={overview.data} /> : null}</Panel>
          <Panel title={t('hotline.chart.overdue')}>
            {overview.data && meta.data ? <SubDistrictMetricChart overview={overview.data} meta={meta.data} metric="overdueRate" /> : null}
          </Panel>
          <div className="grid min-h-0 grid-cols-2 gap-3">
            <Panel title={t('hotline.chart.response')}>
              {overview.data && meta.data ? (
                <SubDistrictMetricChart overview={overview.data} meta={meta.data} metric="avgResponseMinutes" />
              ) : null}
            </Panel>
            <Panel title={t('hotline.chart.satisfaction')}>
              {overview.data && meta.data ? (
                <SubDistrictMetricChart overview={overview.data} meta={meta.data} metric="avgSatisfaction" />
              ) : null}
            </Panel>
          </div>
        </div>
        <div className="hotline-map min-h-0 overflow-hidden rounded-lg border border-sky-400/25">
          <HotlineMap
            cells={overview.data?.cells ?? []}
            points={points.data?.points ?? []}
            truncated={points.data?.truncated ?? false}
            repeated={tab === 'repeated' ? (repeated.data ?? []) : []}
            selectedCell={cell}
            onCellClick={setCell}
            periodMinutes={daysBetween(period.from, period.to) * 1440}
          />
        </div>
        <div className="grid min-h-0 grid-rows-[3fr_2fr] gap-3">
          <Panel title={cell ? t('hotline.hotspot.title') : t('hotline.drill.title')} testId="hotline-drill">
            {cell ? (
              <HotspotPanel filter={filter} cell={cell} names={names} canOrder={canOrder} onClose={() => setCell(null)} />
            ) : overview.data ? (
              <DrillPanel filter={filter} overview={overview.data} names={names} drill={drill} onDrill={setDrill} />
            ) : (
              <p className="p-3 text-[0.85rem] text-slate-400">{t('hotline.loading')}</p>
            )}
          </Panel>
          <Panel
            title={
              <span className="flex gap-2">
                {(['emerging', 'repeated', 'clusters'] as const).map((k) => (
                  <button
                    key={k}
                    type="button"
                    data-testid={`hotline-tab-${k}`}
                    onClick={() => setTab(k)}
                    className={tab === k ? 'text-sky-100' : 'text-slate-400'}
                  >
                    {t(`hotline.tab.${k}`)}
                  </button>
                ))}
              </span>
            }
            aside={
              tab === 'clusters' ? undefined : (
                <Button
                  data-print-hide
                  variant="outline"
                  size="sm"
                  onClick={() => exportAs('csv', tab === 'emerging' ? 'hotspots' : 'repeated')}
                >
                  CSV
                </Button>
              )
            }
          >
            <div className="h-full overflow-y-auto text-[0.85rem]">
              {tab === 'emerging' ? (
                <>
                  <p className="px-3 py-1 text-[0.75rem] text-slate-400">{t('hotline.emerging.explain')}</p>
                  {emerging.length === 0 ? (
                    <p className="px-3 text-slate-400">{t('hotline.emerging.none')}</p>
                  ) : (
                    emerging.map((c) => (
                      <button
                        key={c.cell}
                        type="button"
                        data-testid="emerging-cell"
                        onClick={() => setCell(c.cell)}
                        className="flex w-full justify-between gap-2 border-b border-sky-400/10 px-3 py-1 text-left hover:bg-sky-900/30"
                      >
                        <span className="min-w-0 truncate text-slate-200">
                          {overview.data?.emergingPlaces[c.cell]?.address ?? c.cell}
                          <span className="ml-1 text-[0.75rem] text-slate-400">
                            {names.subDistrict(overview.data?.emergingPlaces[c.cell]?.subDistrictCode)}
                          </span>
                        </span>
                        <span className="shrink-0 tabular-nums text-red-300">
                          {formatNumber(c.tickets, locale)} / {formatNumber(c.expected, locale, 1)} · z {formatNumber(c.z, locale, 1)}
                        </span>
                      </button>
                    ))
                  )}
                </>
              ) : tab === 'clusters' ? (
                <>
                  <p className="px-3 py-1 text-[0.75rem] text-slate-400">{t('hotline.clusters.explain')}</p>
                  {(clusters.data ?? []).map((c) => (
                    <div key={c.cluster} data-testid="cluster" className="flex justify-between gap-2 border-b border-sky-400/10 px-3 py-1">
                      <span className="min-w-0 truncate text-slate-200">
                        {t('hotline.clusters.around', { address: c.topAddress, places: c.places })}
                      </span>
                      <span className="shrink-0 tabular-nums text-orange-300">{formatNumber(c.tickets, locale)}</span>
                    </div>
                  ))}
                </>
              ) : (
                <>
                  <div data-print-hide className="flex items-center gap-2 px-3 py-1 text-[0.8rem] text-slate-300">
                    <label>
                      {t('hotline.repeated.n')}{' '}
                      <input
                        type="number"
                        min={2}
                        max={100}
                        value={repeat.minTickets}
                        data-testid="repeated-n"
                        onChange={(e) => setRepeat({ ...repeat, minTickets: Math.max(2, Number(e.target.value) || 2) })}
                        className="w-[3.5rem] rounded bg-slate-900 px-1"
                      />
                    </label>
                    <label>
                      {t('hotline.repeated.m')}{' '}
                      <input
                        type="number"
                        min={1}
                        max={365}
                        value={repeat.days}
                        data-testid="repeated-m"
                        onChange={(e) => setRepeat({ ...repeat, days: Math.min(365, Math.max(1, Number(e.target.value) || 1)) })}
                        className="w-[3.5rem] rounded bg-slate-900 px-1"
                      />
                    </label>
                  </div>
                  {(repeated.data ?? []).map((r) => (
                    <div
                      key={`${r.placeKey}|${r.categoryCode}`}
                      data-testid="repeated-place"
                      className="flex justify-between border-b border-sky-400/10 px-3 py-1"
                    >
                      <span className="min-w-0 truncate text-slate-200">
                        {r.address} · {names.category(r.categoryCode)}
                      </span>
                      <span className="tabular-nums text-fuchsia-300">{formatNumber(r.tickets, locale)}</span>
                    </div>
                  ))}
                </>
              )}
            </div>
          </Panel>
        </div>
      </main>
    </div>
  );
}
