'use client';
/**
 * Picking on the wall's map: what is under the pointer (for the tooltip) and what a click selects — a facility,
 * a live unit or an order; alarms are picked from the alarm panel. Reads the latest layers at event time, since
 * the base map hands its hover and click events to callbacks created once.
 */
import { PERSON_MOVE } from './use-fit-target';
import type { PickingInfo } from '@deck.gl/core';
import type { MapboxOverlay } from '@deck.gl/mapbox';
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { type RefObject, useCallback, useState } from 'react';
import type { WallOrder } from '@/components/orders/use-wall-orders';
import { type FacilityFeature, facilityAt } from '../compact-layer';
import { pickedFacilityIndex } from '../facility-deck-layers';
import { deckLayerId, DRAW_ORDER, type LayerKey, layerDef } from '../layer-catalog';
import type { FeeMapPoint } from '../layers/fee-points-layer';
import type { LiveUnitView } from '../live-bridge';
import type { CompactFacilityLayer, FacilityKind } from '../map-types';
import { clusterAtPick, clustersLayerIdOf } from '../unit-clusters';

/** Click picking tolerance in design pixels: small points stay easy to hit on a wall. */
const CLICK_RADIUS = 3;

export type Selection = { type: 'facility'; id: number; kind: FacilityKind } | { type: 'unit'; id: number } | { type: 'order'; id: number };

export interface HoverState {
  x: number;
  y: number;
  facility?: FacilityFeature;
  unit?: LiveUnitView;
  order?: WallOrder;
  feePoint?: FeeMapPoint;
}

/** What picking reads at event time. */
export interface PickingSources {
  facilityLayers: Partial<Record<FacilityKind, CompactFacilityLayer>>;
  units: readonly LiveUnitView[];
  unitIdAt(info: PickingInfo): number | null;
  visible: ReadonlySet<LayerKey>;
  scale: number;
  onSelect(selection: Selection | null): void;
}

function keyOfDeckLayer(id: string | undefined): LayerKey | null {
  return DRAW_ORDER.find((key) => deckLayerId(key) === id) ?? null;
}

export function useWallPicking(sources: RefObject<PickingSources>) {
  const [hover, setHover] = useState<HoverState | null>(null);

  const pickedFeature = useCallback(
    (info: PickingInfo): Pick<HoverState, 'facility' | 'unit' | 'order' | 'feePoint'> | null => {
      const key = keyOfDeckLayer(info.layer?.id);
      const { facilityLayers, units, unitIdAt, visible } = sources.current;
      // The interleaved overlay's picking can still hit layers switched off (visible: false): ignore them.
      if (!key || info.index < 0 || !visible.has(key)) return null;
      const def = layerDef(key);
      if (def.source === 'alarms') return null;
      if (def.source === 'orders') {
        const order = info.object as WallOrder | undefined;
        return order ? { order } : null;
      }
      if (def.source === 'feePoints') {
        const feePoint = info.object as FeeMapPoint | undefined;
        return feePoint ? { feePoint } : null;
      }
      if (def.source === 'units') {
        const unitId = unitIdAt(info);
        const unit = units.find((u) => u.id === unitId);
        return unit ? { unit } : null;
      }
      // A coverage band is its road segment: picked from the segment layer it was drawn from.
      const layer = facilityLayers[def.source === 'coverage' ? 'road_segment' : def.kind];
      const facility = layer ? facilityAt(layer, pickedFacilityIndex(layer, info)) : null;
      return facility ? { facility } : null;
    },
    [sources],
  );

  const onHover = useCallback(
    (info: PickingInfo, map: MapLibreMap) => {
      const picked = info.picked ? pickedFeature(info) : null;
      map.getCanvas().style.cursor = picked || (info.picked && clusterAtPick(info)) ? 'pointer' : '';
      setHover(picked ? { x: info.x, y: info.y, ...picked } : null);
    },
    [pickedFeature],
  );

  const onClick = useCallback(
    (event: MapMouseEvent, overlay: MapboxOverlay) => {
      const { visible, scale, onSelect } = sources.current;
      const layerIds = [...visible].map(deckLayerId);
      // A click on a cluster zooms in until it falls apart.
      const onCluster = overlay.pickObject({
        x: event.point.x,
        y: event.point.y,
        radius: CLICK_RADIUS * scale,
        layerIds: layerIds.map(clustersLayerIdOf),
      });
      const cluster = onCluster?.picked ? clusterAtPick(onCluster) : null;
      if (cluster) {
        const map = event.target;
        map.easeTo({ center: cluster.position, zoom: Math.max(cluster.expansionZoom, map.getZoom() + 1), duration: 600 }, PERSON_MOVE);
        return;
      }
      const info = overlay.pickObject({ x: event.point.x, y: event.point.y, radius: CLICK_RADIUS * scale, layerIds });
      const picked = info?.picked ? pickedFeature(info) : null;
      if (picked?.facility) onSelect({ type: 'facility', id: picked.facility.id, kind: picked.facility.kind });
      else if (picked?.unit) onSelect({ type: 'unit', id: picked.unit.id });
      else if (picked?.order) onSelect({ type: 'order', id: picked.order.id });
      else onSelect(null);
    },
    [pickedFeature, sources],
  );

  return { hover, onHover, onClick };
}
