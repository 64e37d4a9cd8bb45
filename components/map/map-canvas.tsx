'use client';
/**
 * The wall's map: the shared base map (use-base-map: MapLibre with the offline dark style and deck.gl interleaved
 * in MapLibre's own WebGL context, so facility points sit between the base map and its labels), composed from one
 * hook per job in wall/: picking, fitting, layers, readiness. This module is loaded lazily (command-map.tsx), which
 * keeps maplibre-gl and deck.gl out of the page's first JavaScript.
 */
import { getVersion, prewarm, setWorkerUrl } from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import type { WallOrder } from '@/components/orders/use-wall-orders';
import { useWallScale } from '@/components/ui/use-wall-scale';
import { WORKER_PATH } from '@/components/map/map-setup';
import { createDebugHook, installDebugHook } from './debug-hook';
import type { Layer } from '@deck.gl/core';
import type { LayerKey } from './layer-catalog';
import type { AlarmMapPoint } from './layers/alarms-layer';
import type { LiveUnitView } from './live-bridge';
import { describeDeckLayers } from './map-debug-source';
import { MapTooltip } from './map-tooltip';
import { useTooltipFollowsUnit } from './wall/use-tooltip-follows-unit';
import type { BBox, CompactFacilityLayer, FacilityKind } from './map-types';
import { highlightSubDistrict } from './style/highlight-sub-district';
import { type BaseMapExtras, useBaseMap } from './use-base-map';
import { type FitTarget, useFitTarget } from './wall/use-fit-target';
import { useMapReady } from './wall/use-map-ready';
import { snapshotViewOf } from './snapshot/snapshot-store';
import { useSnapshotCapture } from './snapshot/use-snapshot-capture';
import { useWallLayers } from './wall/use-wall-layers';
import type { FeeMapPoint } from './layers/fee-points-layer';
import type { SegmentCoverageView } from './layers/work-coverage-layer';
import { type PickingSources, type Selection, useWallPicking } from './wall/use-wall-picking';

export type { FitTarget } from './wall/use-fit-target';
export type { Selection } from './wall/use-wall-picking';

// MapLibre's worker (≈0.5 MB of script, then the GeoJSON tiling) starts as soon as this chunk runs, in parallel
// with the page's data and the WebGL context: `new Map` would start it only after creating the context, which
// takes a second with software rendering. prewarm() also keeps it for the next map of this page.
if (typeof window !== 'undefined') {
  setWorkerUrl(`${WORKER_PATH}?v=${getVersion()}`);
  prewarm();
}

/** Where the map may be panned: Changning with a margin; nothing beyond is drawn anyway. */
const MAX_BOUNDS: BBox = [121.15, 31.05, 121.65, 31.4];
/** The wall's limits: Changning and a margin, district to street zoom, a full attribution line. */
const WALL_MAP: BaseMapExtras = { maxBounds: MAX_BOUNDS, minZoom: 10, maxZoom: 18.5, fadeDuration: 150, compactAttribution: false };
const NO_ALARMS: readonly AlarmMapPoint[] = [];
const NO_FEE_POINTS: readonly FeeMapPoint[] = [];
const NO_COVERAGE: readonly SegmentCoverageView[] = [];
const NO_LAYERS: readonly Layer[] = [];

export interface MapCanvasProps {
  facilityLayers: Partial<Record<FacilityKind, CompactFacilityLayer>>;
  /** Every facility layer request has finished. */
  layersSettled: boolean;
  visible: ReadonlySet<LayerKey>;
  selection: Selection | null;
  fitTarget: FitTarget | null;
  subDistrict: string | null;
  units: readonly LiveUnitView[];
  /** Open work orders (the 'orders' layer), with their deadline state as of now. */
  orders: readonly WallOrder[];
  /** The live units' first snapshot has arrived (or the live feed gave up): readiness waits for it. */
  liveSettled: boolean;
  subDistrictName(code: string): string;
  /** Design pixels at the map's left edge covered by overlaid controls, kept clear when fitting. */
  fitInsetLeft?: number;
  /** Open alarms for the alarms layer (critical unacknowledged ones pulse). */
  alarms?: readonly AlarmMapPoint[];
  /** 清费云 collection points for their layer. */
  feePoints?: readonly FeeMapPoint[];
  /** Today's 作业覆盖 per road segment, for its layer and the road segments' tooltips. */
  coverage?: readonly SegmentCoverageView[];
  /** Layers a screen adds above orders and alarms, below the units (a unit's replayed track). */
  extraLayers?: readonly Layer[];
  /** The fit key of the view the wall opens with: its base map is photographed for the next start (snapshot/). */
  startFitKey?: string;
  /** When a snapshot placeholder showed the base map and the units, if one did (snapshot-placeholder.tsx). */
  placeholderShownAt?(): number | null;
  /** The map itself has drawn the base map and the live units: a placeholder over it can go. */
  onFirstView?(): void;
  onSelect(selection: Selection | null): void;
  onReady(): void;
}

function earliest(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

export default function MapCanvas(props: MapCanvasProps) {
  const { facilityLayers, layersSettled, liveSettled, visible, selection, fitTarget, subDistrict, units, orders } = props;
  const {
    subDistrictName,
    fitInsetLeft = 0,
    alarms = NO_ALARMS,
    feePoints = NO_FEE_POINTS,
    coverage = NO_COVERAGE,
    extraLayers = NO_LAYERS,
    startFitKey,
    placeholderShownAt,
    onFirstView,
    onSelect,
    onReady,
  } = props;
  const { t, locale } = useI18n();
  const scale = useWallScale();
  const containerRef = useRef<HTMLDivElement>(null);

  // Picking reads the latest layers and units at event time (the base map's callbacks are created once).
  const pickingSources = useRef<PickingSources>({ facilityLayers, units, unitIdAt: () => null, visible, scale, onSelect });
  const picking = useWallPicking(pickingSources);
  const base = useBaseMap({ containerRef, scale, extras: WALL_MAP, onHover: picking.onHover, onClick: picking.onClick });
  const { map, overlay, loaded: mapLoaded, failure } = base;

  const fitted = useFitTarget(map, fitTarget, scale, fitInsetLeft);
  // The base map is photographed only as the wall opens: the starting view, nothing chosen, nobody has moved it.
  const startViewSources = useRef({ startFitKey, subDistrict, selection, scale, locale, fitted });
  useEffect(() => {
    startViewSources.current = { startFitKey, subDistrict, selection, scale, locale, fitted };
  });
  const startView = useCallback(() => {
    const { startFitKey: key, subDistrict: area, selection: selected, scale: s, locale: l, fitted: f } = startViewSources.current;
    const box = containerRef.current;
    if (!key || !box || area !== null || selected !== null || f.fittedKey() !== key || f.movedByUser()) return null;
    return snapshotViewOf(box, s, l, key);
  }, []);
  const unitsAllowed = useSnapshotCapture({ map, mapLoaded, startView });

  const { live, drawnRef, firstViewAt, restShown } = useWallLayers({
    map,
    overlay,
    mapLoaded,
    liveSettled,
    unitsAllowed,
    onFirstView,
    facilityLayers,
    visible,
    scale,
    selection,
    orders,
    alarms,
    feePoints,
    coverage,
    extraLayers,
  });
  useEffect(() => {
    pickingSources.current = { facilityLayers, units, unitIdAt: live.unitIdAt, visible, scale, onSelect };
  });

  useEffect(() => {
    if (mapLoaded && map) highlightSubDistrict(map, subDistrict);
  }, [mapLoaded, map, subDistrict]);
  const readyAt = useMapReady(map, mapLoaded && layersSettled && liveSettled && restShown, onReady);

  // What the debug hook reads, at the time it is asked (installed once).
  const debugSources = useRef({ map, overlay, units, live, subDistrict, selection });
  const placeholderAt = useRef(placeholderShownAt);
  useEffect(() => {
    placeholderAt.current = placeholderShownAt;
  });
  useEffect(() => {
    debugSources.current = { map, overlay, units, live, subDistrict, selection };
  });
  useEffect(() => {
    const hook = createDebugHook({
      map: () => debugSources.current.map,
      deck: () => debugSources.current.overlay,
      isReady: () => readyAt.current !== null,
      readyAtMs: () => readyAt.current,
      firstViewAtMs: () => earliest(placeholderAt.current?.() ?? null, firstViewAt.current),
      layers: () => describeDeckLayers(drawnRef.current, debugSources.current.units),
      unitPosition: (unitId) => debugSources.current.live.positionOf(unitId),
      subDistrict: () => debugSources.current.subDistrict,
      selection: () => {
        const selected = debugSources.current.selection;
        return selected ? { type: selected.type, id: selected.id } : null;
      },
    });
    return installDebugHook(window, hook);
  }, [drawnRef, readyAt, firstViewAt]);

  const { hover } = picking;
  const tooltipRef = useRef<HTMLDivElement>(null);
  useTooltipFollowsUnit(map, live.positionOf, hover?.unit?.id ?? null, tooltipRef);
  const coverageById = useMemo(() => new Map(coverage.map((c) => [c.id, c])), [coverage]);
  // A road segment's tooltip tells today's work while the coverage layer is on (null: not worked today).
  const hoverCoverage =
    hover?.facility?.kind === 'road_segment' && visible.has('work-coverage') ? (coverageById.get(hover.facility.id) ?? null) : undefined;
  const containerWidth = containerRef.current?.clientWidth ?? 0;
  const containerHeight = containerRef.current?.clientHeight ?? 0;
  return (
    <div className="absolute inset-0">
      {/* Inline position: MapLibre's own .maplibregl-map { position: relative } outranks Tailwind's layered utilities. */}
      <div ref={containerRef} style={{ position: 'absolute', inset: 0 }} />
      {hover ? (
        <MapTooltip
          x={hover.x}
          y={hover.y}
          flipX={hover.x > containerWidth * 0.6}
          flipY={hover.y > containerHeight * 0.6}
          facility={hover.facility}
          unit={hover.unit}
          order={hover.order}
          feePoint={hover.feePoint}
          coverage={hoverCoverage}
          subDistrictName={subDistrictName}
          cardRef={tooltipRef}
        />
      ) : null}
      {failure ? (
        <div role="alert" className="absolute inset-0 flex items-center justify-center p-8 text-center text-red-200">
          {t('map.error', { detail: failure })}
        </div>
      ) : null}
    </div>
  );
}
