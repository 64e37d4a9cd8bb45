'use client';
/**
 * A small map of one task's place (the wall's base map and orders layer, with the addressed places around it as
 * landmarks), for finding the spot on a phone.
 */
import { useEffect, useMemo, useRef } from 'react';
import { DEADLINE_COLOURS, priorityColour } from '@/components/orders/order-colours';
import type { OrderView } from '@/components/orders/order-types';
import { useBaseMap } from '@/components/map/use-base-map';
import { useI18n } from '@/components/i18n/i18n-provider';
import { createOrdersLayer } from '@/components/map/layers/orders-layer';
import { useLandmarks } from './use-landmarks';

const TASK_ZOOM = 15.5;

export default function TaskMap({ order }: { order: OrderView & { location: { lng: number; lat: number } } }) {
  const { t } = useI18n();
  const containerRef = useRef<HTMLDivElement>(null);
  const { lng, lat } = order.location;
  const base = useBaseMap({ containerRef, scale: 1, center: [lng, lat], zoom: TASK_ZOOM });
  const point = useMemo(() => [{ ...order, lng, lat }], [order, lng, lat]);
  const landmarks = useLandmarks(base, order.location);
  useEffect(() => {
    base.overlay?.setProps({
      layers: [
        createOrdersLayer({
          orders: point,
          fillColour: (o) => priorityColour(o.priority),
          ringColour: (o) => DEADLINE_COLOURS[o.deadlineState],
          radius: 10,
        }),
      ],
    });
  }, [base.overlay, base.loaded, point]);
  return (
    <figure className="space-y-1">
      <div
        data-testid="task-map"
        data-ready={base.loaded ? 'true' : 'false'}
        data-landmarks={landmarks.length}
        className="relative h-[12rem] w-full overflow-hidden rounded-lg border border-sky-400/30 bg-[#040a15]"
      >
        <div ref={containerRef} style={{ position: 'absolute', inset: 0 }} />
      </div>
      <figcaption className="text-[0.8rem] text-slate-400" data-testid="task-map-note">
        {t('field.mapPlace', { lng: lng.toFixed(5), lat: lat.toFixed(5) })}
      </figcaption>
    </figure>
  );
}
