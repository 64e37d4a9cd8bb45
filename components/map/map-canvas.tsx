'use client';
/**
 * The map itself: MapLibre with the offline dark style and deck.gl interleaved in MapLibre's own WebGL context
 * (MapboxOverlay({ interleaved: true })), so facility points sit between the base map and its labels. This module
 * is loaded lazily (command-map.tsx), which keeps maplibre-gl and deck.gl out of the page's first JavaScript.
 */
import type { Layer, PickingInfo } from '@deck.gl/core';
import { getVersion, prewarm, setWorkerUrl } from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useWallScale } from '@/components/ui/use-wall-scale';
import { type FacilityFeature, facilityAt } from './compact-layer';
import { createDebugHook, installDebugHook } from './debug-hook';
import { buildFacilityDeckLayers, pickedFacilityIndex } from './facility-deck-layers';
import { DEADLINE_FILL, priorityColour } from '@/components/orders/order-colours';
import { createOrdersLayer } from './layers/orders-layer';
import type { WallOrder } from '@/components/orders/use-wall-orders';
import { deckLayerId, DRAW_ORDER, type LayerKey, layerDef } from './layer-catalog';
import type { LiveUnitView } from './live-bridge';
import { useLiveUnitLayers } from './live-layers';
import { type AlarmMapPoint, createAlarmsLayer, isPulsing } from './layers/alarms-layer';
import { describeDeckLayers } from './map-debug-source';
import { MapTooltip } from './map-tooltip';
import { FACILITIES_BELOW_LAYER } from './layer-appearance';
import type { BBox, CompactFacilityLayer, FacilityKind } from './map-types';
import { highlightSubDistrict } from './style/highlight-sub-district';
import { type BaseMapExtras, useBaseMap } from './use-base-map';
import { WORKER_PATH } from '@/components/map/map-setup';

// MapLibre's worker (≈0.5 MB of script, then the GeoJSON tiling) starts as soon as this chunk runs, in parallel
// with the page's data and the WebGL context: `new Map` would start it only after creating the context, which
// takes a second with software rendering. prewarm() also keeps it for the next map of this page.
if (typeof window !== 'undefined') {
  setWorkerUrl(`${WORKER_PATH}?v=${getVersion()}`);
  prewarm();
}

/** Where the map may be panned: Changning with a margin; nothing beyond is drawn anyway. */
const MAX_BOUNDS: BBox = [121.15, 31.05, 121.65, 31.4];
const FIT_PADDING = 36;
/** Click picking tolerance in design pixels: small points stay easy to hit on a wall. */
const CLICK_RADIUS = 3;
/** The wall's limits: Changning and a margin, district to street zoom, a full attribution line. */
const WALL_MAP: BaseMapExtras = { maxBounds: MAX_BOUNDS, minZoom: 10, maxZoom: 18.5, fadeDuration: 150, compactAttribution: false };

export type Selection = { type: 'facility'; id: number; kind: FacilityKind } | { type: 'unit'; id: number } | { type: 'order'; id: number };

/** Orders are drawn larger than facilities and units: they are what the room acts on. */
const ORDER_RADIUS = 7;

export interface FitTarget {
  bbox: BBox;
  /** Changes whenever the map should fit again, even to the same box. */
  key: string;
  animate: boolean;
}

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
  onSelect(selection: Selection | null): void;
  onReady(): void;
}

interface HoverState {
  x: number;
  y: number;
  facility?: FacilityFeature;
  unit?: LiveUnitView;
  order?: WallOrder;
}

const NO_ALARMS: readonly AlarmMapPoint[] = [];
const PULSE_MS = 700;

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

function keyOfDeckLayer(id: string | undefined): LayerKey | null {
  return DRAW_ORDER.find((key) => deckLayerId(key) === id) ?? null;
}

export default function MapCanvas(props: MapCanvasProps) {
  const {
    facilityLayers,
    layersSettled,
    liveSettled,
    visible,
    selection,
    fitTarget,
    subDistrict,
    units,
    orders,
    subDistrictName,
    fitInsetLeft = 0,
    alarms = NO_ALARMS,
    onSelect,
    onReady,
  } = props;
  const { t } = useI18n();
  const scale = useWallScale();
  const containerRef = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<HoverState | null>(null);
  const readyAt = useRef<number | null>(null);

  // Facility layers change with React state; unit layers on every animation frame. Both end up here.
  const facilityDeckLayersRef = useRef<Layer[]>([]);
  const deckLayersRef = useRef<Layer[]>([]);
  const pushLayers = useCallback((facilityLayers: Layer[], unitLayers: Layer[]) => {
    deckLayersRef.current = [...facilityLayers, ...unitLayers];
    overlayRef.current?.setProps({ layers: deckLayersRef.current });
  }, []);

  const selectedUnitId = selection?.type === 'unit' ? selection.id : null;
  const baseMapLoaded = useRef(false);
  const live = useLiveUnitLayers({
    visible,
    scale,
    selectedUnitId,
    // Until the base map has loaded, gliding units would only make the GPU (software on some walls) redraw an
    // empty map every animation frame while the tiles are being prepared; the load pushes them once, then frames.
    onFrame: (unitLayers) => {
      if (baseMapLoaded.current) pushLayers(facilityDeckLayersRef.current, unitLayers);
    },
  });

  // What the deck callbacks need, read at event time (the overlay is created once).
  const latest = useRef({ facilityLayers, units, orders, live, onSelect, subDistrict, selection, visible, scale });
  latest.current = { facilityLayers, units, orders, live, onSelect, subDistrict, selection, visible, scale };

  const pickedFeature = useCallback((info: PickingInfo): Pick<HoverState, 'facility' | 'unit' | 'order'> | null => {
    const key = keyOfDeckLayer(info.layer?.id);
    // The interleaved overlay's picking can still hit layers switched off (visible: false): ignore them.
    if (!key || info.index < 0 || !latest.current.visible.has(key)) return null;
    const def = layerDef(key);
    const { facilityLayers: layers, units: unitList, live: liveLayers } = latest.current;
    if (def.source === 'alarms') return null; // alarms are picked from the alarm panel
    if (def.source === 'orders') {
      const order = info.object as WallOrder | undefined;
      return order ? { order } : null;
    }
    if (def.source === 'units') {
      const unitId = liveLayers.unitIdAt(info);
      const unit = unitList.find((u) => u.id === unitId);
      return unit ? { unit } : null;
    }
    const layer = layers[def.kind];
    const facility = layer ? facilityAt(layer, pickedFacilityIndex(layer, info)) : null;
    return facility ? { facility } : null;
  }, []);

  const base = useBaseMap({
    containerRef,
    scale,
    extras: WALL_MAP,
    onHover: (info, map) => {
      const picked = info.picked ? pickedFeature(info) : null;
      map.getCanvas().style.cursor = picked ? 'pointer' : '';
      setHover(picked ? { x: info.x, y: info.y, ...picked } : null);
    },
    onClick: (event, overlay) => {
      const layerIds = [...latest.current.visible].map(deckLayerId);
      const info = overlay.pickObject({ x: event.point.x, y: event.point.y, radius: CLICK_RADIUS * latest.current.scale, layerIds });
      const picked = info?.picked ? pickedFeature(info) : null;
      if (picked?.facility) latest.current.onSelect({ type: 'facility', id: picked.facility.id, kind: picked.facility.kind });
      else if (picked?.unit) latest.current.onSelect({ type: 'unit', id: picked.unit.id });
      else if (picked?.order) latest.current.onSelect({ type: 'order', id: picked.order.id });
      else latest.current.onSelect(null);
    },
  });
  const { loaded: mapLoaded, failure } = base;
  // The debug hook and the frame callback read these at event time.
  const mapRef = useRef(base.map);
  const overlayRef = useRef(base.overlay);
  mapRef.current = base.map;
  overlayRef.current = base.overlay;
  baseMapLoaded.current = base.loaded;

  useEffect(() => {
    if (mapLoaded && mapRef.current) highlightSubDistrict(mapRef.current, subDistrict);
  }, [mapLoaded, subDistrict]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !fitTarget) return;
    const edge = FIT_PADDING * scale;
    const padding = { top: edge, right: edge, bottom: edge, left: edge + fitInsetLeft * scale };
    const fit = () => map.fitBounds(fitTarget.bbox, { padding, duration: fitTarget.animate ? 900 : 0 });
    if (map.loaded() || mapLoaded) fit();
    else map.once('load', fit);
    // Fit only when the target changes, not when the wall is resized.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fitTarget?.key, mapLoaded]);

  const selectedKind = selection?.type === 'facility' ? selection.kind : null;
  const selectedFacilityId = selection?.type === 'facility' ? selection.id : null;
  const pulse = useAlarmPulse(alarms.some(isPulsing));
  const facilityDeckLayers = useMemo(
    () =>
      buildFacilityDeckLayers({
        facilityLayers,
        visible,
        scale,
        selected: selectedKind !== null && selectedFacilityId !== null ? { kind: selectedKind, id: selectedFacilityId } : null,
      }),
    [facilityLayers, visible, scale, selectedKind, selectedFacilityId],
  );
  const selectedOrderId = selection?.type === 'order' ? selection.id : null;
  // Orders over the facilities, alarms over everything static (DRAW_ORDER); live units are added on top later.
  const staticDeckLayers = useMemo(
    (): Layer[] => [
      ...facilityDeckLayers,
      ...(visible.has('orders')
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
      createAlarmsLayer({ alarms, visible: visible.has('alarms'), pulse, scale, id: deckLayerId('alarms') }),
    ],
    [facilityDeckLayers, visible, orders, selectedOrderId, scale, alarms, pulse],
  );

  useEffect(() => {
    facilityDeckLayersRef.current = staticDeckLayers;
    pushLayers(staticDeckLayers, live.build());
  }, [staticDeckLayers, live, mapLoaded, pushLayers]);

  // Ready: the base map has loaded and every layer's data has been drawn once.
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const map = mapRef.current;
    if (ready || !map || !mapLoaded || !layersSettled || !liveSettled) return;
    let cancelled = false;
    const markReady = () => {
      if (cancelled) return;
      readyAt.current = performance.now();
      setReady(true);
      onReady();
    };
    map.once('render', () => (map.areTilesLoaded() ? markReady() : map.once('idle', markReady)));
    map.triggerRepaint();
    return () => {
      cancelled = true;
    };
  }, [ready, mapLoaded, layersSettled, liveSettled, onReady]);

  useEffect(() => {
    const hook = createDebugHook({
      map: () => mapRef.current,
      deck: () => overlayRef.current,
      isReady: () => readyAt.current !== null,
      readyAtMs: () => readyAt.current,
      layers: () => describeDeckLayers(deckLayersRef.current, latest.current.units),
      unitPosition: (unitId) => latest.current.live.positionOf(unitId),
      subDistrict: () => latest.current.subDistrict,
      selection: () => {
        const selected = latest.current.selection;
        return selected ? { type: selected.type, id: selected.id } : null;
      },
    });
    return installDebugHook(window, hook);
  }, []);

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
          subDistrictName={subDistrictName}
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
