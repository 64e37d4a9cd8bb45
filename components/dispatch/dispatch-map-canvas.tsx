'use client';
/**
 * The dispatcher's map (loaded lazily by dispatch-map.tsx, so MapLibre and deck.gl stay out of the first
 * JavaScript): the wall's base map and live unit layers, the orders layer, and the candidate lines when
 * candidates are shown. A click on an order selects it; a click anywhere else is a point to dispatch from.
 */
import type { Layer } from '@deck.gl/core';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { LayerKey } from '@/components/map/layer-catalog';
import { createCandidateLinesLayers } from '@/components/map/layers/candidate-lines-layer';
import { createOrdersLayer, ORDERS_LAYER_ID } from '@/components/map/layers/orders-layer';
import { useLiveUnitLayers } from '@/components/map/live-layers';
import { BaseMapFrame } from '@/components/map/base-map-frame';
import { createDebugHook, installDebugHook } from '@/components/map/debug-hook';
import { useZoomLevel } from '@/components/map/use-zoom-level';
import { useWallScale } from '@/components/ui/use-wall-scale';
import {
  BEST_CANDIDATE_LINE_COLOUR,
  CANDIDATE_LINE_COLOUR,
  DEADLINE_COLOURS,
  PICKED_POINT_COLOUR,
  priorityColour,
} from '@/components/orders/order-colours';
import type { CandidatesResult, LngLatPoint, OrderView } from '@/components/orders/order-types';
import { useBaseMap } from '@/components/map/use-base-map';

export interface DispatchMapCanvasProps {
  orders: readonly OrderView[];
  selectedOrderId: number | null;
  candidates: CandidatesResult | null;
  /** A point clicked on the map, before its candidates have arrived. */
  pickedPoint: LngLatPoint | null;
  onOrderClick(orderId: number): void;
  onPointClick(point: LngLatPoint): void;
  onReady(): void;
}

type LocatedOrder = OrderView & { lng: number; lat: number };

const UNIT_LAYERS: ReadonlySet<LayerKey> = new Set<LayerKey>(['vehicles', 'greening-crews', 'duty-staff']);
const CLICK_RADIUS = 4;
/** Orders are drawn larger than units (5–5.5): they are what the dispatcher acts on. */
const ORDER_RADIUS = 8;
/** Orders and lines draw under the sub-district names, like the wall's points. */
const BELOW_LABELS = 'sub-district-label';

export default function DispatchMapCanvas(props: DispatchMapCanvasProps) {
  const { orders, selectedOrderId, candidates, pickedPoint, onReady } = props;
  const scale = useWallScale();
  const containerRef = useRef<HTMLDivElement>(null);
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });

  const base = useBaseMap({
    containerRef,
    scale,
    onClick: (event, overlay) => {
      const info = overlay.pickObject({ x: event.point.x, y: event.point.y, radius: CLICK_RADIUS * scale, layerIds: [ORDERS_LAYER_ID] });
      const order = info?.picked ? (info.object as LocatedOrder | undefined) : undefined;
      if (order) latest.current.onOrderClick(order.id);
      else latest.current.onPointClick({ lng: event.lngLat.lng, lat: event.lngLat.lat });
    },
  });

  const located = useMemo(
    () => orders.flatMap((o): LocatedOrder[] => (o.location ? [{ ...o, lng: o.location.lng, lat: o.location.lat }] : [])),
    [orders],
  );

  // Order and candidate layers change with React state; unit layers on every animation frame. Both end up here.
  const staticLayers = useMemo((): Layer[] => {
    const layers: Layer[] = [
      createOrdersLayer<LocatedOrder>({
        orders: located,
        fillColour: (o) => priorityColour(o.priority),
        ringColour: (o) => DEADLINE_COLOURS[o.deadlineState],
        selectedOrderId,
        radius: ORDER_RADIUS,
        scale,
        beforeId: BELOW_LABELS,
      }),
    ];
    const origin = candidates?.origin ?? pickedPoint;
    if (origin) {
      layers.push(
        ...createCandidateLinesLayers({
          origin,
          candidates: candidates?.candidates ?? [],
          colour: CANDIDATE_LINE_COLOUR,
          bestColour: BEST_CANDIDATE_LINE_COLOUR,
          originColour: PICKED_POINT_COLOUR,
          scale,
          beforeId: BELOW_LABELS,
        }),
      );
    }
    return layers;
  }, [located, selectedOrderId, candidates, pickedPoint, scale]);

  const staticLayersRef = useRef(staticLayers);
  const baseRef = useRef(base);
  useEffect(() => {
    baseRef.current = base;
  });
  const push = useCallback(
    (unitLayers: Layer[]) => base.overlay?.setProps({ layers: [...unitLayers, ...staticLayersRef.current] }),
    [base.overlay],
  );
  const zoom = useZoomLevel(base.map);
  const live = useLiveUnitLayers({ visible: UNIT_LAYERS, scale, zoom, selectedUnitId: null, onFrame: push });

  useEffect(() => {
    staticLayersRef.current = staticLayers;
    push(live.build());
  }, [staticLayers, live, push, base.loaded]);

  useEffect(() => {
    if (base.loaded) onReady();
  }, [base.loaded, onReady]);

  // The same read-only window.__onemap as the wall's map (e2e tests project an order's place to click it).
  useEffect(() => {
    const hook = createDebugHook({
      map: () => baseRef.current.map,
      deck: () => baseRef.current.overlay,
      isReady: () => baseRef.current.loaded,
      readyAtMs: () => null,
      layers: () =>
        staticLayersRef.current.map((l) => ({
          id: l.id,
          visible: l.props.visible !== false,
          featureCount: Array.isArray(l.props.data) ? l.props.data.length : 0,
        })),
      unitPosition: () => null,
      subDistrict: () => null,
      selection: () => (latest.current.selectedOrderId === null ? null : { type: 'order', id: latest.current.selectedOrderId }),
    });
    return installDebugHook(window, hook);
  }, []);

  return <BaseMapFrame containerRef={containerRef} failure={base.failure} />;
}
