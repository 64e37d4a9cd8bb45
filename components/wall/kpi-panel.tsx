'use client';
/**
 * Live KPIs: units online (from the live state, changing as units report) and the facilities' state (from
 * map.kpis, refreshed on facility status events and every half minute). What each tile counts is defined in
 * server/facilities/wall-kpis.ts; the server counts, this panel shows. All follow the chosen sub-district.
 */
import { formatNumber, formatPercent } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { DUTY_STAFF_KINDS, VEHICLE_KINDS } from '@/components/map/layer-catalog';
import type { LiveUnitsState } from '@/components/map/live-bridge';
import type { UnitCounts } from './units-in-area';
import type { FacilityKpis, UnitKind } from '@/components/map/map-types';
import { formatArea } from '@/components/map/area-label';
import { Panel } from '@/components/ui/panel';
import { StatTile } from '@/components/ui/stat-tile';

export interface KpiPanelProps {
  live: LiveUnitsState;
  /** The live units counted for the chosen sub-district (or the district), see units-in-area.ts. */
  units: UnitCounts;
  kpis: FacilityKpis | undefined;
  /** The sub-district the wall is zoomed to; null: the district. */
  subDistrict?: string | null;
  /** The wall is replaying a moment: the unit tiles follow it, the facility tiles stay live (no facility history). */
  replaying?: boolean;
}

/** 值守人员在线 is a plain count, not an alarm: a calm teal, never the alarm red. */
const STAFF_ACCENT = '#5eead4';

function sum(counts: Partial<Record<UnitKind, number>>, kinds?: readonly UnitKind[]): number {
  return (kinds ?? (Object.keys(counts) as UnitKind[])).reduce((n, k) => n + (counts[k] ?? 0), 0);
}

export function KpiPanel({ live, units, kpis, subDistrict = null, replaying = false }: KpiPanelProps) {
  const { t, locale } = useI18n();
  const greening = subDistrict ? kpis?.greening.bySubDistrict.find((a) => a.code === subDistrict) : kpis?.greening;
  const lights = kpis?.lights.total ? kpis.lights : null;
  const n = (value: number) => formatNumber(value, locale);
  const dash = '—';
  const toilets = kpis?.toilets.total ? kpis.toilets : null;
  const kiosks = kpis?.kiosks.total ? kpis.kiosks : null;
  const facilitiesTotal = kpis?.byKind.reduce((total, k) => total + k.total, 0);
  // Units online of some kinds (all kinds when none are named), out of how many; while the live feed is down, a dash.
  const onlineTile = (testId: string, labelKey: string, kinds: readonly UnitKind[] | undefined, accent: string, offlineNote?: string) => (
    <StatTile
      testId={testId}
      label={t(labelKey)}
      value={live.connected ? n(sum(units.onlineByKind, kinds)) : dash}
      note={live.connected ? t('kpi.unitsOnlineOf', { total: n(sum(units.totalByKind, kinds)) }) : offlineNote}
      accent={accent}
    />
  );
  return (
    <Panel title={t(replaying ? 'replay.kpiTitle' : 'kpi.title')} testId="kpi-panel" bodyClassName="grid grid-cols-2 gap-2 p-2">
      {onlineTile('kpi-units-online', 'kpi.unitsOnline', undefined, '#38bdf8', t('kpi.liveUnavailable'))}
      {onlineTile('kpi-vehicles-online', 'kpi.vehiclesOnline', VEHICLE_KINDS, '#60a5fa')}
      {onlineTile('kpi-staff-online', 'kpi.staffOnline', DUTY_STAFF_KINDS, STAFF_ACCENT)}
      <StatTile
        testId="kpi-lights-on-rate"
        label={t('kpi.lightsOn')}
        value={lights ? formatPercent(lights.onRate, locale) : dash}
        note={lights ? `${n(lights.on)} / ${n(lights.total)}` : undefined}
        accent="#facc15"
      />
      <StatTile
        testId="kpi-lights-fault-rate"
        label={t('kpi.lightsFaultRate')}
        value={lights ? formatPercent(lights.faultRate, locale) : dash}
        note={lights ? t('kpi.lightsFault', { count: n(lights.fault) }) : undefined}
        accent={lights && lights.faultRate > 0.05 ? '#f87171' : '#fca5a5'}
      />
      <StatTile
        testId="kpi-toilets-open"
        label={t('kpi.toiletsOpen')}
        value={toilets ? n(toilets.open) : dash}
        note={toilets ? `/ ${n(toilets.total)}` : undefined}
        accent="#34d399"
      />
      <StatTile
        testId="kpi-kiosks-online"
        label={t('kpi.kiosksOnline')}
        value={kiosks ? n(kiosks.online) : dash}
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
