'use client';
/**
 * The command wall at / (绿容一张图 · 长宁区): header; KPIs and charts on the left; the map with its layer
 * switcher, sub-district selector and legend in the middle; details, lights by sub-district and the live event
 * feed on the right. Designed at 1920×1080 in rem, scaled to the wall by the root font size (wall-scale.ts).
 */
import { useQuery } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import dynamic from 'next/dynamic';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { LiveProvider } from '@/components/live/live-provider';
import { CommandMap } from '@/components/map/command-map';
import { ALL_LAYERS, DEFAULT_LAYER_KEYS, type LayerDef, type LayerKey } from '@/components/map/layer-catalog';
import { LayerSwitcher } from '@/components/map/layer-switcher';
import { type FeedEntry, LiveUnitsProvider, useEventFeed, useLiveUnitsState } from '@/components/map/live-bridge';
import type { FitTarget, Selection } from '@/components/map/map-canvas';
import { MapLegend } from '@/components/map/map-legend';
import type { CompactFacilityLayer, FacilityKind } from '@/components/map/map-types';
import { cssColour, KIND_COLOURS, type Rgba, UNIT_COLOURS } from '@/components/map/status-colours';
import { SubDistrictSelect } from '@/components/map/sub-district-select';
import { useFacilityLayers } from '@/components/map/use-facility-layers';
import { useGeography } from '@/components/map/use-geography';
import { useFeePoints } from '@/components/map/use-fee-points';
import { COVERAGE_BAND } from '@/components/map/layers/work-coverage-layer';
import { FEE_STATE_FILL } from '@/components/map/layers/fee-points-layer';
import { useWorkCoverage } from '@/components/resources/use-work-coverage';
import { shanghaiDay } from '@/domain/shanghai-time';
import { useWallOrders, type WallOrder } from '@/components/orders/use-wall-orders';
import { liveClock } from '@/components/orders/order-clock';
import { provideReplayState } from '@/components/map/debug-hook';
import { ReplayBar } from '@/components/replay/replay-bar';
import { type Replay, useReplay } from '@/components/replay/use-replay';
import { LIVE_TRACK_MS, type TrackRequest, UnitTrackCard, useUnitTrack } from '@/components/replay/unit-track';
import { useWallScale } from '@/components/ui/use-wall-scale';
import { createReplayTicketsLayer } from '@/components/map/layers/replay-tickets-layer';
import { DEADLINE_FILL } from '@/components/orders/order-colours';
import { homePathFor } from '@/components/auth/home-path';
import { useSession } from '@/components/auth/use-session';
import { useTRPC } from '@/components/trpc/client';
import { buttonClass } from '@/components/ui/button';
import { NoAccessWall } from '@/components/ui/no-access';
import { Panel } from '@/components/ui/panel';
import { AlarmPanel } from '@/components/alarms/alarm-panel';
import { useLiveAlarms } from '@/components/alarms/use-live-alarms';
import { ALARM_LEVEL_RGBA } from '@/components/alarms/alarm-colours';
import type { AlarmView } from '@/domain/alarms/alarm-view';
import { CommandHeader } from './command-header';
import { DetailPanel } from './detail-panel';
import { EventFeed } from './event-feed';
import { KpiPanel } from './kpi-panel';
import { unitCountsIn } from './units-in-area';

// Recharts is loaded after the first paint: the wall shows its frame and map before its charts.
const UnitsOnlineChart = dynamic(() => import('@/components/charts/units-online-chart').then((m) => m.UnitsOnlineChart), { ssr: false });
const FacilityStatusChart = dynamic(() => import('@/components/charts/facility-status-chart').then((m) => m.FacilityStatusChart), {
  ssr: false,
});
const LightRatesChart = dynamic(() => import('@/components/charts/light-rates-chart').then((m) => m.LightRatesChart), { ssr: false });

const KPI_REFRESH_MS = 30_000;
/** Design pixels the layer switcher and legend cover at the map's left (15.5rem + margin). */
const MAP_CONTROLS_WIDTH = 264;
const FEED_LENGTH = 30;
/** The fit the wall opens with (the whole district): its base map is kept as a snapshot for the next start. */
const START_FIT_KEY = 'district:0';
/** Half the side of the box the map flies to for an alarm (≈ 300 m). */
const ALARM_FOCUS_DEG = 0.003;

/** Each layer's swatch in the switcher: the colour it draws in (the first of its kinds or states). */
function swatchOf(def: LayerDef): Rgba {
  switch (def.source) {
    case 'facility':
      return KIND_COLOURS[def.kind];
    case 'units':
      return UNIT_COLOURS[def.unitKinds[0]];
    case 'orders':
      return DEADLINE_FILL.ok;
    case 'feePoints':
      return FEE_STATE_FILL.active;
    case 'coverage':
      return COVERAGE_BAND.covered;
    case 'alarms':
      return ALARM_LEVEL_RGBA[1];
  }
}

const SWATCHES = Object.fromEntries(ALL_LAYERS.map((def) => [def.key, cssColour(swatchOf(def))])) as Record<LayerKey, string>;

function isForbidden(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === 'FORBIDDEN';
}

/** For signed-in roles without map:view (fee clerks, field units on a desk browser): say so, by role. */
function NoMapAccess() {
  const { t } = useI18n();
  const { user } = useSession();
  const home = user ? homePathFor(user.permissions) : '/';
  return (
    <NoAccessWall
      header={<CommandHeader />}
      wallClassName="overflow-hidden"
      messageKey="home.noMapRole"
      signedOutKey="command.noAccess"
      testId="command-no-access"
      className="m-auto text-center text-[1.2rem] text-slate-300"
    >
      {home !== '/' && (
        <a href={home} data-testid="go-home" className={buttonClass('outline', 'lg', 'mt-4 inline-block')}>
          {t(home === '/field' ? 'nav.field' : 'nav.admin')}
        </a>
      )}
    </NoAccessWall>
  );
}

/** The replayed orders as the wall draws them: located ones, each with its deadline state as of the moment shown. */
function replayedOrders(replay: Replay): WallOrder[] | null {
  if (replay.mode !== 'replay') return null;
  const shown = replay.shown;
  if (!shown) return [];
  return shown.orders.flatMap((o): WallOrder[] =>
    o.location ? [{ ...o, lng: o.location.lng, lat: o.location.lat, deadlineState: liveClock(o, shown.at).state }] : [],
  );
}

function facilityKindOf(layers: Partial<Record<FacilityKind, CompactFacilityLayer>>, id: number): FacilityKind | null {
  for (const layer of Object.values(layers)) if (layer?.ids.includes(id)) return layer.kind;
  return null;
}

export function CommandScreen() {
  const { user, can } = useSession();
  // Roles without the map are told so before anything of the map is fetched.
  if (!user) return <div data-wall className="h-screen w-screen" />;
  if (!can('map:view')) {
    return <NoMapAccess />;
  }
  return (
    // One socket for the whole screen: units, feed, alarms and order notices all arrive on it, once.
    <LiveProvider>
      <LiveUnitsProvider>
        <CommandWall />
      </LiveUnitsProvider>
    </LiveProvider>
  );
}

function CommandWall() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const [visible, setVisible] = useState<ReadonlySet<LayerKey>>(() => new Set(DEFAULT_LAYER_KEYS));
  const [selection, setSelection] = useState<Selection | null>(null);
  const [subDistrict, setSubDistrict] = useState<string | null>(null);
  const [fitRequests, setFitRequests] = useState(0);

  const geography = useGeography();
  const facilities = useFacilityLayers();
  // The KPIs and charts follow the chosen sub-district: the server counts its facilities, the live units are filtered here.
  const kpis = useQuery(trpc.map.kpis.queryOptions(subDistrict ? { subDistrict } : undefined, { refetchInterval: KPI_REFRESH_MS }));
  const live = useLiveUnitsState();
  const unitCounts = useMemo(() => unitCountsIn(live, subDistrict), [live, subDistrict]);
  const feed = useEventFeed(FEED_LENGTH);
  const { can } = useSession();
  const [alarmSound, setAlarmSound] = useState(true);
  const [alarmFollow, setAlarmFollow] = useState(false);
  const [alarmFocus, setAlarmFocus] = useState<{ bbox: FitTarget['bbox']; n: number } | null>(null);
  const locateAlarm = useCallback((alarm: AlarmView) => {
    if (alarm.lng === null || alarm.lat === null) return;
    setAlarmFocus((f) => ({
      bbox: [alarm.lng! - ALARM_FOCUS_DEG, alarm.lat! - ALARM_FOCUS_DEG, alarm.lng! + ALARM_FOCUS_DEG, alarm.lat! + ALARM_FOCUS_DEG],
      n: (f?.n ?? 0) + 1,
    }));
  }, []);
  const liveAlarms = useLiveAlarms({ sound: alarmSound, onCritical: alarmFollow ? locateAlarm : undefined });
  const liveOrders = useWallOrders();
  // In replay the orders and alarms drawn are those open at the moment shown; live notices keep arriving underneath
  // (so going back to live is instant) but are not drawn until then.
  const replay = useReplay();
  const replayOrders = useMemo(() => replayedOrders(replay), [replay]);
  const wallOrders = useMemo(
    () => (replayOrders ? { orders: replayOrders, settled: replay.shown !== null } : liveOrders),
    [replayOrders, replay.shown, liveOrders],
  );
  // A unit's track, asked for from its details: over the replay's period, or the last two hours while live.
  const [trackUnitId, setTrackUnitId] = useState<number | null>(null);
  const selectedUnitId = selection?.type === 'unit' ? selection.id : null;
  const trackRequest = useMemo<TrackRequest | null>(() => {
    if (trackUnitId === null || trackUnitId !== selectedUnitId) return null;
    if (replay.mode === 'replay') return { unitId: trackUnitId, from: replay.from, to: replay.until };
    const to = Math.floor(Date.now() / 60_000) * 60_000;
    return { unitId: trackUnitId, from: to - LIVE_TRACK_MS, to };
  }, [trackUnitId, selectedUnitId, replay.mode, replay.from, replay.until]);
  const wallScale = useWallScale();
  const unitTrack = useUnitTrack(trackRequest, wallScale);
  // In replay the 12345 tickets open at the moment are drawn too (under the unit track).
  const replayTickets = replay.shown?.tickets;
  const extraLayers = useMemo(
    () => (replayTickets ? [createReplayTicketsLayer(replayTickets, wallScale), ...unitTrack.layers] : unitTrack.layers),
    [replayTickets, wallScale, unitTrack.layers],
  );
  const shownAlarms = replay.mode === 'replay' ? (replay.shown?.alarms ?? []) : liveAlarms.alarms;
  useEffect(
    () =>
      provideReplayState(() => ({
        mode: replay.mode,
        at: replay.mode === 'replay' ? replay.at : null,
        shownAt: replay.shown?.at ?? null,
        playing: replay.playing,
        speed: replay.speed,
        counts: replay.shown
          ? {
              units: replay.shown.units.length,
              orders: replay.shown.orders.length,
              alarms: replay.shown.alarms.length,
              tickets: replay.shown.tickets.length,
            }
          : null,
      })),
    [replay],
  );
  const feePoints = useFeePoints(visible.has('fee-points'));
  const coverageQuery = useWorkCoverage(shanghaiDay(new Date()), visible.has('work-coverage'));
  const coverage = visible.has('work-coverage') ? coverageQuery.data?.segments : undefined;

  // The first fit (the whole district, on arrival) jumps; every choice in the selector flies, even to the same place.
  const fitTarget = useMemo<FitTarget | null>(() => {
    if (alarmFocus) return { bbox: alarmFocus.bbox, key: `alarm:${alarmFocus.n}`, animate: true };
    // A unit's track, once read, is flown to (choosing a sub-district or locating an alarm takes over again).
    if (unitTrack.bounds && trackRequest)
      return { bbox: unitTrack.bounds, key: `track:${trackRequest.unitId}:${trackRequest.from}:${trackRequest.to}`, animate: true };
    const area = subDistrict ? geography.byCode.get(subDistrict) : null;
    const bbox = area?.bbox ?? geography.district?.bbox;
    const key = subDistrict || fitRequests > 0 ? `${subDistrict ?? 'district'}:${fitRequests}` : START_FIT_KEY;
    return bbox ? { bbox, key, animate: fitRequests > 0 } : null;
  }, [subDistrict, fitRequests, geography.byCode, geography.district, alarmFocus, unitTrack.bounds, trackRequest]);
  const chooseSubDistrict = useCallback((code: string | null) => {
    setAlarmFocus(null);
    setTrackUnitId(null);
    setSubDistrict(code);
    setFitRequests((n) => n + 1);
  }, []);

  const layerCounts = useMemo(() => {
    const counts: Partial<Record<LayerKey, number>> = {};
    for (const def of ALL_LAYERS) {
      if (def.source === 'facility') counts[def.key] = facilities.layers[def.kind]?.count;
      else if (def.source === 'alarms') counts[def.key] = shownAlarms.length;
      else if (def.source === 'orders') counts[def.key] = wallOrders.settled ? wallOrders.orders.length : undefined;
      else if (def.source === 'feePoints') counts[def.key] = feePoints.length || undefined;
      else if (def.source === 'coverage') counts[def.key] = coverage?.filter((c) => c.covered).length;
      else if (live.connected) counts[def.key] = live.units.filter((u) => (def.unitKinds as readonly string[]).includes(u.kind)).length;
    }
    return counts;
  }, [facilities.layers, live.connected, live.units, shownAlarms.length, wallOrders.settled, wallOrders.orders, feePoints, coverage]);

  const toggleLayer = useCallback((key: LayerKey, on: boolean) => {
    setVisible((current) => {
      const next = new Set(current);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  }, []);

  const subDistrictName = useCallback(
    (code: string) => {
      const area = geography.byCode.get(code);
      return area ? (locale === 'en' ? area.nameEn || area.name : area.name) : '';
    },
    [geography.byCode, locale],
  );

  const pickFeedEntry = useCallback(
    (entry: FeedEntry) => {
      if (entry.unitId !== null) setSelection({ type: 'unit', id: entry.unitId });
      else if (entry.facilityId !== null) {
        const kind = facilityKindOf(facilities.layers, entry.facilityId);
        if (kind) setSelection({ type: 'facility', id: entry.facilityId, kind });
      }
    },
    [facilities.layers],
  );

  if (isForbidden(geography.error)) {
    return <NoMapAccess />;
  }

  return (
    <div
      data-wall
      data-testid="command-screen"
      // The live connection's state, for tests that take the wall offline and back.
      data-connection={live.connection}
      className="flex h-screen w-screen flex-col overflow-hidden bg-[radial-gradient(ellipse_at_top,#0a2342_0%,#050b16_55%)]"
    >
      <CommandHeader />
      <main className="grid min-h-0 flex-1 grid-cols-[25rem_minmax(0,1fr)_25rem] gap-3 p-3">
        <aside className="flex min-h-0 flex-col gap-3">
          <KpiPanel live={live} units={unitCounts} kpis={kpis.data} subDistrict={subDistrict} replaying={replay.mode === 'replay'} />
          <Panel title={t('chart.unitsOnline')} testId="chart-units-online" className="flex-1" bodyClassName="p-2">
            <UnitsOnlineChart onlineByKind={unitCounts.onlineByKind} totalByKind={unitCounts.totalByKind} />
          </Panel>
          <Panel title={t('chart.facilityStatus')} testId="chart-facility-status" className="flex-1" bodyClassName="p-2">
            <FacilityStatusChart kpis={kpis.data} />
          </Panel>
        </aside>

        <section className="flex min-h-0 flex-col gap-2">
          <ReplayBar replay={replay} />
          <div className={`relative min-h-0 flex-1 rounded-lg ${replay.mode === 'replay' ? 'ring-2 ring-amber-400/80' : ''}`}>
            <CommandMap
              facilityLayers={facilities.layers}
              // Ready also means fitted to the district: its outline must have arrived (the fit lands in the same commit).
              layersSettled={facilities.settled && geography.settled}
              visible={visible}
              selection={selection}
              fitTarget={fitTarget}
              subDistrict={subDistrict}
              units={live.units}
              orders={wallOrders.orders}
              feePoints={feePoints}
              coverage={coverage}
              liveSettled={live.units.length > 0 || (live.connection !== 'connecting' && live.connection !== 'syncing')}
              subDistrictName={subDistrictName}
              fitInsetLeft={MAP_CONTROLS_WIDTH}
              startFitKey={START_FIT_KEY}
              alarms={shownAlarms}
              extraLayers={extraLayers}
              onSelect={setSelection}
            >
              {/* One column of controls: the legend takes what height is left, so nothing overlaps on any wall. */}
              <div className="pointer-events-none absolute bottom-3 left-3 top-3 z-10 flex flex-col items-start gap-2 [&>*]:pointer-events-auto">
                <SubDistrictSelect subDistricts={geography.subDistricts} value={subDistrict} onChange={chooseSubDistrict} />
                <LayerSwitcher visible={visible} counts={layerCounts} onToggle={toggleLayer} swatches={SWATCHES} />
                <MapLegend
                  visible={visible}
                  facilityLayers={facilities.layers}
                  orders={wallOrders.orders}
                  feePoints={feePoints}
                  coverage={coverage}
                />
              </div>
              {facilities.failed ? (
                <div
                  role="alert"
                  className="absolute left-1/2 top-3 z-10 -translate-x-1/2 rounded border border-red-400/50 bg-red-950/80 px-3 py-1 text-[0.85rem] text-red-200"
                >
                  {t('map.dataError')}
                </div>
              ) : null}
            </CommandMap>
          </div>
        </section>

        <aside className="flex min-h-0 flex-col gap-3">
          <DetailPanel
            selection={selection}
            units={live.units}
            onClose={() => setSelection(null)}
            unitExtra={
              selectedUnitId !== null ? (
                <UnitTrackCard
                  request={trackRequest}
                  track={unitTrack.track}
                  loading={unitTrack.loading}
                  onShow={() => {
                    setAlarmFocus(null);
                    setTrackUnitId(selectedUnitId);
                  }}
                  onHide={() => setTrackUnitId(null)}
                />
              ) : null
            }
          />
          <AlarmPanel
            alarms={shownAlarms}
            canHandle={replay.mode === 'live' && can('alarms:handle')}
            titleKey={replay.mode === 'replay' ? 'replay.alarmsTitle' : undefined}
            sound={alarmSound}
            follow={alarmFollow}
            onSound={setAlarmSound}
            onFollow={setAlarmFollow}
            onChanged={liveAlarms.apply}
            onLocate={locateAlarm}
            className="flex-1"
          />
          <Panel title={t('chart.lightRates')} testId="chart-light-rates" className="h-[17rem] shrink-0" bodyClassName="p-2">
            <LightRatesChart kpis={kpis.data} />
          </Panel>
          <EventFeed
            connected={feed.connected}
            events={feed.events}
            onPick={pickFeedEntry}
            className="flex-1"
            replaying={replay.mode === 'replay'}
          />
        </aside>
      </main>
    </div>
  );
}
