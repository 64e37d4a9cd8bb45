/**
 * Work orders on the map: one point per located order, filled by priority level and ringed by deadline state
 * (the colours come from the caller, so the queue and the map agree), the selected order larger with a white ring.
 *
 *   createOrdersLayer({ orders, fillColour, ringColour, selectedOrderId, scale })
 */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { InterleavedProps } from './interleaved-props';

export type Rgba = [number, number, number, number];

export interface OrderMapPoint {
  id: number;
  lng: number;
  lat: number;
  priority: number;
  deadlineState: 'ok' | 'nearing' | 'overdue';
}

export interface OrdersLayerOptions<T extends OrderMapPoint> {
  orders: readonly T[];
  fillColour(order: T): Rgba;
  ringColour(order: T): Rgba;
  selectedOrderId?: number | null;
  /** Radius in design pixels (1920×1080), multiplied by the wall scale. */
  radius?: number;
  scale?: number;
  id?: string;
  beforeId?: string;
}

const SELECTED_RING: Rgba = [255, 255, 255, 255];

export const ORDERS_LAYER_ID = 'orders';

export function createOrdersLayer<T extends OrderMapPoint>(options: OrdersLayerOptions<T>): ScatterplotLayer<T> {
  const { orders, fillColour, ringColour, selectedOrderId = null, radius = 7, scale = 1, id = ORDERS_LAYER_ID, beforeId } = options;
  const isSelected = (o: T) => o.id === selectedOrderId;
  const props: ConstructorParameters<typeof ScatterplotLayer<T>>[0] & InterleavedProps = {
    id,
    beforeId,
    data: orders,
    pickable: true,
    stroked: true,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPosition: (o) => [o.lng, o.lat],
    getRadius: (o) => (isSelected(o) ? radius * 1.5 : radius) * scale,
    getFillColor: (o) => fillColour(o),
    getLineColor: (o) => (isSelected(o) ? SELECTED_RING : ringColour(o)),
    // A late order's ring is thicker: it must be seen from across the room.
    getLineWidth: (o) => (o.deadlineState === 'ok' && !isSelected(o) ? 1.5 : 3) * scale,
    updateTriggers: {
      getRadius: [selectedOrderId, radius, scale],
      getLineColor: [selectedOrderId],
      getLineWidth: [selectedOrderId, scale],
    },
  };
  return new ScatterplotLayer<T>(props);
}
