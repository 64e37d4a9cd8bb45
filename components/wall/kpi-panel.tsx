'use client';
/**
 * Live KPIs: units online (from the live state, changing as units report) and the facilities' state (from
 * map.kpis, refreshed on facility status events and every half minute).
 */
import { formatNumber, formatPercent } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { DUTY_STAFF_KINDS, VEHICLE_KINDS } from '@/components/map/layer-catalog';
import type { LiveUnitsState } from '@/components/map/live-bridge';
import type { FacilityKpis, UnitKind } from '@/components/map/map-types';
import { formatArea } from '@/components/map/area-label';
import { Panel } from '@/components/ui/panel';
import { StatTile } from '@/components/ui/stat-tile';

export interface KpiPanelProps {
  live: LiveUnitsState;
  kpis: FacilityKpis | undefined;
  /** The sub-district the wall is zoomed to: the 绿化 tiles show its figures; null: the district's. */
  subDistrict?: string | null;
}

function sum(counts: Partial<Record<UnitKind, number>>, kinds?: readonly UnitKind[]): number {
  return (kinds ?? (Object.keys(counts) as UnitKind[])).reduce((n, k) => n + (counts[k] ?? 0), 0);
}

function statusCount(kpis: FacilityKpis | undefined, kind: string, statuses: readonly string[]) {
  const entry = kpis?.byKind.find((k) => k.kind === kind);
  if (!entry) return null;
  return { count: entry.statuses.filter((s) => statuses.includes(s.status)).reduce((n, s) => n + s.count, 0), total: entry.total };
}

export function KpiPanel({ live, kpis, subDistrict = null }: KpiPanelProps) {
  const { t, locale } = useI18n();
  const greening = subDistrict ? kpis?.greening.bySubDistrict.find((a) => a.code === subDistrict) : kpis?.greening;
  const n = (value: number) => formatNumber(value, locale);
  const dash = '—';
  const toilets = statusCount(kpis, 'toilet', ['open']);
  const kiosks = statusCount(kpis, 'kiosk', ['online', 'normal', 'on']);
  const facilitiesTotal = kpis?.byKind.reduce((total, k) => total + k.total, 0);
  // Units online of some kinds (all kinds when none are named), out of how many; while the live feed is down, a dash.
  const onlineTile = (testId: string, labelKey: string, kinds: readonly UnitKind[] | undefined, accent: string, offlineNote?: string) => (
    <StatTile
      testId={testId}
      label={t(labelKey)}
      value={live.connected ? n(sum(live.onlineByKind, kinds)) : dash}
      note={live.connected ? t('kpi.unitsOnlineOf', { total: n(sum(live.totalByKind, kinds)) }) : offlineNote}
      accent={accent}
    />
  );
  return (
    <Panel title={t('kpi.title')} testId="kpi-panel" bodyClassName="grid grid-cols-2 gap-2 p-2">
      {onlineTile('kpi-units-online', 'kpi.unitsOnline', undefined, '#38bdf8', t('kpi.liveUnavailable'))}
      {onlineTile('kpi-vehicles-online', 'kpi.vehiclesOnline', VEHICLE_KINDS, '#60a5fa')}
      {onlineTile('kpi-staff-online', 'kpi.staffOnline', DUTY_STAFF_KINDS, '#fb7185')}
      <StatTile
        testId="kpi-lights-on-rate"
        label={t('kpi.lightsOn')}
        value={kpis && kpis.lights.total ? formatPercent(kpis.lights.onRate, locale) : dash}
        note={kpis ? `${n(kpis.lights.on)} / ${n(kpis.lights.total)}` : undefined}
        accent="#facc15"
      />
      <StatTile
        testId="kpi-lights-fault-rate"
        label={t('kpi.lightsFaultRate')}
        value={kpis && kpis.lights.total ? formatPercent(kpis.lights.faultRate, locale) : dash}
        note={kpis ? t('kpi.lightsFault', { count: n(kpis.lights.fault) }) : undefined}
        accent={kpis && kpis.lights.faultRate > 0.05 ? '#f87171' : '#fca5a5'}
      />
      <StatTile
        testId="kpi-toilets-open"
        label={t('kpi.toiletsOpen')}
        value={toilets ? n(toilets.count) : dash}
        note={toilets ? `/ ${n(toilets.total)}` : undefined}
        accent="#34d399"
      />
      <StatTile
        testId="kpi-kiosks-online"
        label={t('kpi.kiosksOnline')}
        value={kiosks ? n(kiosks.count) : dash}
        note={kiosks ? `/ ${n(kiosks.total)}` : undefined}
        accent="#22d3ee"
      />
      <StatTile
        testId="kpi-green-area"
        label={t('kpi.greenArea')}
        value={greening ? formatArea(t, greening.greenAreaM2, locale) : dash}
        note={greening ? t('kpi.greenAreaNote', { parks: n(greening.parks), named: n(greening.namedParks) }) : undefined}
        accent="#4ade80"
      />
      <StatTile
        testId="kpi-trees"
        label={t('kpi.trees')}
        value={greening ? n(greening.trees) : dash}
        note={t('kpi.treesNote')}
        accent="#86efac"
      />
      <StatTile
        testId="kpi-facilities-total"
        label={t('kpi.facilitiesTotal')}
        value={facilitiesTotal === undefined ? dash : n(facilitiesTotal)}
        accent="#c4b5fd"
      />
    </Panel>
  );
}
