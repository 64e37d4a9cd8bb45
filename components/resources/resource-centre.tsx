'use client';
/**
 * 数据资源中心 at /data: the 绿化 / 环卫 / 市容 themes as ledgers (台账) searched by several conditions at once
 * (kind, sub-district, status, real or synthetic, text), counts and densities compared by sub-district (绿化 with
 * its green area, nested outlines counted once), and the current selection exported as CSV, Excel or GeoJSON.
 */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { formatArea } from '@/components/map/area-label';
import { statusLabel } from '@/components/map/status-label';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button, buttonClass } from '@/components/ui/button';
import { controlClass } from '@/components/ui/field';
import { NoAccess } from '@/components/ui/no-access';
import { Panel } from '@/components/ui/panel';
import { ScreenHeader } from '@/components/ui/screen-header';
import { formatDateTime, formatNumber, formatPercent } from '@/domain/i18n/format';
import { WorkCoveragePanel } from './work-coverage-panel';

const THEMES = ['greening', 'sanitation', 'cityAppearance'] as const;
type Theme = (typeof THEMES)[number];
/** The kinds of each theme, as the server groups them (server/resources/resources.service.ts THEME_KINDS). */
const THEME_KINDS: Record<Theme, readonly string[]> = {
  greening: ['park', 'tree'],
  sanitation: ['toilet', 'litter_bin', 'transfer_station', 'road_segment', 'depot'],
  cityAppearance: ['shop', 'occupied_road', 'bench', 'fountain', 'light'],
};
const PAGE = 50;
const EXPORT_MAX = 50_000;

interface Filters {
  kind: string;
  subDistrictCode: string;
  status: string;
  origin: 'all' | 'real' | 'synthetic';
  text: string;
}
const NO_FILTERS: Filters = { kind: '', subDistrictCode: '', status: '', origin: 'all', text: '' };

export function ResourceCentre() {
  const { user, can } = useSession();
  const { t } = useI18n();
  if (!user) return <div className="h-screen w-screen bg-[#050b16]" />;
  return (
    <div className="flex h-screen w-screen flex-col overflow-hidden bg-[#050b16] text-slate-100">
      <ScreenHeader title={t('data.title')} titleTestId="data-title" current="/data" titleClassName="text-[1.4rem] tracking-wider" />
      {can('map:view') ? <Workspace /> : <NoAccess messageKey="lighting.noAccess" />}
    </div>
  );
}

function Workspace() {
  const { t } = useI18n();
  const [theme, setTheme] = useState<Theme>('greening');
  return (
    <main className="flex min-h-0 flex-1 flex-col gap-3 overflow-y-auto p-4">
      <div role="tablist" className="flex gap-2">
        {THEMES.map((key) => (
          <Button
            key={key}
            role="tab"
            aria-selected={theme === key}
            data-testid={`data-theme-${key}`}
            variant={theme === key ? 'primary' : 'quiet'}
            size="md"
            onClick={() => setTheme(key)}
          >
            {t(`data.theme.${key}`)}
          </Button>
        ))}
      </div>
      {/* A new theme starts with fresh filters: the kinds and statuses differ between them. */}
      <Ledger key={theme} theme={theme} />
      <Indicators theme={theme} />
      {theme === 'sanitation' ? <WorkCoveragePanel /> : null}
      <p className="text-[0.75rem] text-slate-500">{t('data.source.osm')}</p>
    </main>
  );
}

function Ledger({ theme }: { theme: Theme }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const subDistricts = useQuery(trpc.map.subDistricts.queryOptions(undefined, { staleTime: 10 * 60_000 }));
  const input = {
    theme,
    ...applied,
    kind: applied.kind || null,
    subDistrictCode: applied.subDistrictCode || null,
    status: applied.status || null,
    text: applied.text || null,
  };
  const ledger = useInfiniteQuery(
    trpc.resources.ledger.infiniteQueryOptions(
      { ...input, limit: PAGE },
      { initialCursor: undefined, getNextPageParam: (last) => last.nextAfterId ?? undefined },
    ),
  );
  const pages = ledger.data?.pages ?? [];
  const items = pages.flatMap((p) => p.items);
  const total = pages[0]?.total;
  const statuses = pages[0]?.statuses ?? [];
  const exportHref = (format: string) => {
    const params = new URLSearchParams({ format, theme, origin: applied.origin });
    for (const key of ['kind', 'subDistrictCode', 'status', 'text'] as const) if (applied[key]) params.set(key, applied[key]);
    return `/api/data/export?${params.toString()}`;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApplied(draft);
  };
  const subName = useMemo(
    () => new Map((subDistricts.data ?? []).map((s) => [s.code, locale === 'en' ? s.nameEn : s.name])),
    [subDistricts.data, locale],
  );
  const select = (label: string, value: string, onChange: (v: string) => void, options: Array<[string, string]>, testId: string) => (
    <label className="text-[0.8rem] text-slate-400">
      {label}
      <br />
      <select
        className={controlClass('sm', 'min-w-[8rem] text-[0.85rem]')}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      >
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <Panel title={`${t(`data.theme.${theme}`)} · ${t('data.ledger')}`} testId="data-ledger" className="shrink-0" bodyClassName="p-3">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
        {select(
          t('data.filter.kind'),
          draft.kind,
          (kind) => setDraft({ ...draft, kind }),
          [['', t('data.filter.allKinds')], ...THEME_KINDS[theme].map((k): [string, string] => [k, t(`kind.${k}`)])],
          'data-filter-kind',
        )}
        {select(
          t('data.filter.subDistrict'),
          draft.subDistrictCode,
          (subDistrictCode) => setDraft({ ...draft, subDistrictCode }),
          [
            ['', t('data.filter.allSubDistricts')],
            ...(subDistricts.data ?? []).map((s): [string, string] => [s.code, locale === 'en' ? s.nameEn : s.name]),
          ],
          'data-filter-sub-district',
        )}
        {select(
          t('data.filter.status'),
          draft.status,
          (status) => setDraft({ ...draft, status }),
          [['', t('data.filter.allStatuses')], ...statuses.map((s): [string, string] => [s, statusLabel(t, s)])],
          'data-filter-status',
        )}
        {select(
          t('data.filter.origin'),
          draft.origin,
          (origin) => setDraft({ ...draft, origin: origin as Filters['origin'] }),
          [
            ['all', t('data.filter.originAll')],
            ['real', t('data.filter.originReal')],
            ['synthetic', t('data.filter.originSynthetic')],
          ],
          'data-filter-origin',
        )}
        <label className="text-[0.8rem] text-slate-400">
          {t('data.filter.text')}
          <br />
          <input
            className={controlClass('sm', 'w-[14rem] text-[0.85rem]')}
            value={draft.text}
            maxLength={100}
            onChange={(e) => setDraft({ ...draft, text: e.target.value })}
            data-testid="data-filter-text"
          />
        </label>
        <Button type="submit" variant="primary" size="md" data-testid="data-search">
          {t('data.filter.apply')}
        </Button>
        <Button
          variant="quiet"
          size="md"
          onClick={() => {
            setDraft(NO_FILTERS);
            setApplied(NO_FILTERS);
          }}
        >
          {t('data.filter.reset')}
        </Button>
        <span
          className="ml-auto flex items-center gap-2 text-[0.8rem] text-slate-400"
          title={t('data.export.note', { max: formatNumber(EXPORT_MAX, locale) })}
        >
          {t('data.export')}
          {(['csv', 'xlsx', 'geojson'] as const).map((format) => (
            <a
              key={format}
              href={exportHref(format)}
              download
              data-testid={`data-export-${format}`}
              className={buttonClass('outline', 'sm')}
            >
              {t(`data.export.${format}`)}
            </a>
          ))}
        </span>
      </form>
      {ledger.error ? (
        <p role="alert" className="mt-2 text-sm text-red-300">
          {errorMessage(ledger.error)}
        </p>
      ) : null}
      <p className="mt-2 text-[0.85rem] text-slate-300" data-testid="data-total">
        {total === undefined ? '…' : t('data.total', { count: formatNumber(total, locale) })}
      </p>
      <div className="overflow-x-auto">
        <table className="mt-1 w-full min-w-[56rem] text-left text-[0.85rem]">
          <thead className="text-slate-400">
            <tr>
              <th className="py-1">{t('data.col.code')}</th>
              <th>{t('data.col.name')}</th>
              <th>{t('data.col.kind')}</th>
              <th>{t('data.col.subDistrict')}</th>
              <th>{t('data.col.status')}</th>
              <th className="text-right">{t('detail.area')}</th>
              <th className="pl-4">{t('data.col.origin')}</th>
              <th>{t('data.col.updatedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} className="border-t border-slate-800" data-testid="data-row" data-code={item.code}>
                <td className="py-1 font-mono text-[0.75rem] text-slate-400">{item.code}</td>
                <td>{item.name}</td>
                <td>{t(`kind.${item.kind}`)}</td>
                <td>{subName.get(item.subDistrictCode) ?? item.subDistrictCode}</td>
                <td>{statusLabel(t, item.status)}</td>
                <td className="text-right tabular-nums">
                  {item.areaSquareMeters === null ? '' : formatArea(t, item.areaSquareMeters, locale)}
                </td>
                <td className="pl-4">
                  {item.synthetic ? (
                    <span className="rounded bg-amber-500/20 px-1.5 text-[0.75rem] text-amber-300">{t('app.synthetic')}</span>
                  ) : (
                    t('data.origin.real')
                  )}
                </td>
                <td className="text-slate-400">{formatDateTime(item.updatedAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total === 0 ? <p className="mt-2 text-sm text-slate-400">{t('data.empty')}</p> : null}
      {ledger.hasNextPage ? (
        <Button
          variant="quiet"
          size="sm"
          className="mt-2"
          onClick={() => void ledger.fetchNextPage()}
          disabled={ledger.isFetchingNextPage}
          data-testid="data-more"
        >
          {t('data.more')}
        </Button>
      ) : null}
    </Panel>
  );
}

function Indicators({ theme }: { theme: Theme }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const rows = useQuery(trpc.resources.indicators.queryOptions({ theme })).data ?? [];
  const kinds = THEME_KINDS[theme];
  const n = (v: number, digits = 0) => formatNumber(v, locale, digits);
  const totals = Object.fromEntries(kinds.map((k) => [k, rows.reduce((sum, r) => sum + (r.counts[k as keyof typeof r.counts] ?? 0), 0)]));
  const districtArea = rows.reduce((sum, r) => sum + r.areaKm2, 0);
  // The first kind of a theme (parks, toilets, shops) is its headline: its density is compared too.
  const headline = kinds[0];
  return (
    <Panel title={t('data.indicators')} testId="data-indicators" className="shrink-0" bodyClassName="p-3">
      <div className="overflow-x-auto">
        <table className="w-full min-w-[48rem] text-left text-[0.85rem]">
          <thead className="text-slate-400">
            <tr>
              <th className="py-1">{t('data.col.subDistrict')}</th>
              <th className="text-right">{t('data.indicators.areaKm2')}</th>
              {kinds.map((k) => (
                <th key={k} className="text-right">
                  {t(`kind.${k}`)}
                </th>
              ))}
              <th className="text-right">{t('data.indicators.perKm2', { kind: t(`kind.${headline}`) })}</th>
              {theme === 'greening' ? (
                <>
                  <th className="text-right">{t('data.indicators.greenArea')}</th>
                  <th className="text-right">{t('data.indicators.greenShare')}</th>
                </>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const headlineCount = r.counts[headline as keyof typeof r.counts] ?? 0;
              return (
                <tr key={r.code} className="border-t border-slate-800" data-testid="data-indicator-row" data-code={r.code}>
                  <td className="py-1">{locale === 'en' ? r.nameEn : r.name}</td>
                  <td className="text-right tabular-nums">{n(r.areaKm2, 2)}</td>
                  {kinds.map((k) => (
                    <td key={k} className="text-right tabular-nums">
                      {n(r.counts[k as keyof typeof r.counts] ?? 0)}
                    </td>
                  ))}
                  <td className="text-right tabular-nums">{r.areaKm2 > 0 ? n(headlineCount / r.areaKm2, 1) : '—'}</td>
                  {theme === 'greening' ? (
                    <>
                      <td className="text-right tabular-nums" data-testid="data-green-area">
                        {n(r.greenAreaM2 ?? 0)}
                      </td>
                      <td className="text-right tabular-nums">{formatPercent(r.greenShare ?? 0, locale)}</td>
                    </>
                  ) : null}
                </tr>
              );
            })}
            <tr className="border-t border-slate-600 font-semibold">
              <td className="py-1">{t('data.indicators.total')}</td>
              <td className="text-right tabular-nums">{n(districtArea, 2)}</td>
              {kinds.map((k) => (
                <td key={k} className="text-right tabular-nums">
                  {n(totals[k] ?? 0)}
                </td>
              ))}
              <td className="text-right tabular-nums">{districtArea > 0 ? n((totals[headline] ?? 0) / districtArea, 1) : '—'}</td>
              {theme === 'greening' ? (
                <>
                  <td />
                  <td />
                </>
              ) : null}
            </tr>
          </tbody>
        </table>
      </div>
      {theme === 'greening' ? <p className="mt-2 text-[0.75rem] text-slate-500">{t('data.indicators.note')}</p> : null}
    </Panel>
  );
}
