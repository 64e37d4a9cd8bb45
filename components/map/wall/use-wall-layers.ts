'use client';
/**
 * The wall's deck.gl layers, in draw order: facilities, then open orders, then alarms (pulsing while a critical
 * one is unacknowledged), with the live units on top. The static layers follow React state; the unit layers change
 * on every animation frame (useLiveUnitLayers), so both are pushed to the overlay here, the units only once the
 * base map has loaded and been photographed for the next start (use-snapshot-capture.ts; before that, gliding
 * units would make the GPU redraw an empty map every frame, and would be in the picture).
 */
import type { Layer } from '@deck.gl/core';
import type { MapboxOverlay } from '@deck.gl/mapbox';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { DEADLINE_FILL, priorityColour } from '@/components/orders/order-colours';
import type { WallOrder } from '@/components/orders/use-wall-orders';
import { buildFacilityDeckLayers } from '../facility-deck-layers';
import { COVERAGE_BAND_WIDTH, FACILITIES_BELOW_LAYER } from '../layer-appearance';
import { deckLayerId, type LayerKey } from '../layer-catalog';
import { type AlarmMapPoint, createAlarmsLayer, isPulsing } from '../layers/alarms-layer';
import { createFeePointsLayer, type FeeMapPoint } from '../layers/fee-points-layer';
import { createOrdersLayer } from '../layers/orders-layer';
import { coverageBands, createWorkCoverageLayer, type SegmentCoverageView } from '../layers/work-coverage-layer';
import { UNITS_BELOW_LAYER, useLiveUnitLayers } from '../live-layers';
import { useZoomLevel } from '../use-zoom-level';
import type { CompactFacilityLayer, FacilityKind } from '../map-types';
import type { Selection } from './use-wall-picking';

/** Orders are drawn larger than facilities and units: they are what the room acts on. */
const ORDER_RADIUS = 7;
const PULSE_MS = 700;
const NO_EXTRA_LAYERS: readonly Layer[] = [];

/** Flips while some alarm should pulse; deck.gl animates between the two sizes. */
function useAlarmPulse(active: boolean): boolean {
  const [pulse, setPulse] = useState(false);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setPulse((p) => !p), PULSE_MS);
    return () => clearInterval(timer);
  }, [active]);
  return active && pulse;
}

/**
 * When the first view was drawn: the base map with the live units on it. Until then only the unit layers are
 * handed to deck.gl, so the first view does not wait for the facility, order and alarm layers' data conversion
 * and shader compilation; they follow on the next frames.
 */
function useFirstView(map: MapLibreMap | null, mapLoaded: boolean, liveSettled: boolean, onFirstView?: () => void) {
  const announce = useRef(onFirstView);
  useEffect(() => {
    announce.current = onFirstView;
  });
  const firstViewAt = useRef<number | null>(null);
  const [restShown, setRestShown] = useState(false);
  useEffect(() => {
    if (restShown || !map || !mapLoaded || !liveSettled) return;
    let cancelled = false;
    const drawn = () => {
      if (cancelled) return;
      firstViewAt.current = performance.now();
      announce.current?.();
      // The next frame: the first view is on screen before the other layers are built.
      requestAnimationFrame(() => !cancelled && setRestShown(true));
    };
    // The first frame drawn with the base map's tiles in (not 'idle': gliding units keep the map repainting).
    const onRender = () => {
      if (!map.areTilesLoaded()) return;
      map.off('render', onRender);
      drawn();
    };
    map.on('render', onRender);
    map.triggerRepaint();
    return () => {
      cancelled = true;
      map.off('render', onRender);
    };
  }, [restShown, map, mapLoaded, liveSettled]);
  return { firstViewAt, restShown };
}

export interface WallLayersInput {
  map: MapLibreMap | null;
  overlay: MapboxOverlay | null;
  mapLoaded: boolean;
  /** The live units' first snapshot has arrived (or the feed gave up): the first view waits for it. */
  liveSettled: boolean;
  /** The live units may be drawn (not before the base map's snapshot is taken: use-snapshot-capture.ts). */
  unitsAllowed: boolean;
  /** The base map and the live units were first drawn. */
  onFirstView?(): void;
  facilityLayers: Partial<Record<FacilityKind, CompactFacilityLayer>>;
  visible: ReadonlySet<LayerKey>;
  scale: number;
  selection: Selection | null;
  orders: readonly WallOrder[];
  alarms: readonly AlarmMapPoint[];
  /** 清费云 collection points (fetched only while their layer is on). */
  feePoints: readonly FeeMapPoint[];
  /** Today's 作业覆盖 per road segment (fetched only while its layer is on). */
  coverage: readonly SegmentCoverageView[];
  /** Drawn above orders and alarms, below the units (a unit's replayed track). */
  extraLayers?: readonly Layer[];
}

/** The coverage bands go right under the road segments' own lines, which keep their grade colours on top. */
function withCoverageBands(facilityDeckLayers: Layer[], bands: Layer | null): Layer[] {
  if (!bands) return facilityDeckLayers;
  const at = facilityDeckLayers.findIndex((l) => l.id === deckLayerId('road-segments'));
  return at < 0 ? [...facilityDeckLayers, bands] : [...facilityDeckLayers.slice(0, at), bands, ...facilityDeckLayers.slice(at)];
}

export function useWallLayers({
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
  extraLayers = NO_EXTRA_LAYERS,
}: WallLayersInput) {
  const overlayRef = useRef(overlay);
  const unitsDrawnRef = useRef(mapLoaded && unitsAllowed);
  useEffect(() => {
    overlayRef.current = overlay;
    unitsDrawnRef.current = mapLoaded && unitsAllowed;
  });
  const staticLayersRef = useRef<Layer[]>([]);
  /** Everything last drawn, for the debug hook. */
  const drawnRef = useRef<Layer[]>([]);
  const push = useCallback((staticLayers: Layer[], unitLayers: Layer[]) => {
    drawnRef.current = [...staticLayers, ...unitLayers];
    overlayRef.current?.setProps({ layers: drawnRef.current });
  }, []);

  const zoom = useZoomLevel(map);
  const { firstViewAt, restShown } = useFirstView(map, mapLoaded && unitsAllowed, liveSettled, onFirstView);
  const live = useLiveUnitLayers({
    visible,
    scale,
    zoom,
    selectedUnitId: selection?.type === 'unit' ? selection.id : null,
    onFrame: (unitLayers) => {
      if (unitsDrawnRef.current) push(staticLayersRef.current, unitLayers);
    },
  });

  const selectedKind = selection?.type === 'facility' ? selection.kind : null;
  const selectedFacilityId = selection?.type === 'facility' ? selection.id : null;
  const selectedOrderId = selection?.type === 'order' ? selection.id : null;
  const pulse = useAlarmPulse(alarms.some(isPulsing));
  // Until the first view is drawn, every other layer counts as switched off (not built).
  const shown = useMemo(() => (restShown ? visible : new Set<LayerKey>()), [restShown, visible]);
  const facilityDeckLayers = useMemo(
    () =>
      buildFacilityDeckLayers({
        facilityLayers,
        visible: shown,
        scale,
        selected: selectedKind !== null && selectedFacilityId !== null ? { kind: selectedKind, id: selectedFacilityId } : null,
      }),
    [facilityLayers, shown, scale, selectedKind, selectedFacilityId],
  );
  const roads = facilityLayers.road_segment;
  const coverageLayer = useMemo(
    () =>
      shown.has('work-coverage')
        ? createWorkCoverageLayer({
            id: deckLayerId('work-coverage'),
            data: coverageBands(roads, coverage),
            width: COVERAGE_BAND_WIDTH,
            scale,
            beforeId: FACILITIES_BELOW_LAYER,
          })
        : null,
    [shown, roads, coverage, scale],
  );
  const staticLayers = useMemo(
    (): Layer[] => [
      ...withCoverageBands(facilityDeckLayers, coverageLayer),
      ...(shown.has('fee-points')
        ? [createFeePointsLayer({ points: feePoints, id: deckLayerId('fee-points'), scale, beforeId: FACILITIES_BELOW_LAYER })]
        : []),
      ...(shown.has('orders')
        ? [
            createOrdersLayer<WallOrder>({
              id: deckLayerId('orders'),
              orders,
              fillColour: (o) => DEADLINE_FILL[o.deadlineState],
              ringColour: (o) => priorityColour(o.priority),
              selectedOrderId,
              radius: ORDER_RADIUS,
              scale,
              beforeId: FACILITIES_BELOW_LAYER,
            }),
          ]
        : []),
      // Alarms below the base map's place names, so a pulsing ring never hides a label.
      ...(shown.has('alarms')
        ? [createAlarmsLayer({ alarms, visible: true, pulse, scale, id: deckLayerId('alarms'), beforeId: UNITS_BELOW_LAYER })]
        : []),
      ...(restShown ? extraLayers : []),
    ],
    [facilityDeckLayers, coverageLayer, shown, restShown, feePoints, orders, selectedOrderId, scale, alarms, pulse, extraLayers],
  );

  useEffect(() => {
    staticLayersRef.current = staticLayers;
    push(staticLayers, mapLoaded && unitsAllowed ? live.build() : []);
  }, [staticLayers, live, overlay, mapLoaded, unitsAllowed, push]);

  return { live, drawnRef, firstViewAt, restShown };
}
