'use client';
/**
 * While the hover card shows a live unit, it stays beside the unit as it drives: the pointer's position is where
 * the unit was when hovered. Moved once per animation frame through the element's style (no React render per
 * frame), from the same interpolated position the units layer draws.
 */
import { type RefObject, useEffect } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { LngLat } from '@/components/map/map-types';

export function useTooltipFollowsUnit(
  map: MapLibreMap | null,
  positionOf: (unitId: number) => LngLat | null,
  unitId: number | null,
  card: RefObject<HTMLDivElement | null>,
) {
  useEffect(() => {
    if (!map || unitId === null) return;
    let frame = 0;
    const follow = () => {
      const at = positionOf(unitId);
      const element = card.current;
      if (at && element) {
        const point = map.project(at);
        element.style.left = `${point.x}px`;
        element.style.top = `${point.y}px`;
      }
      frame = requestAnimationFrame(follow);
    };
    frame = requestAnimationFrame(follow);
    return () => cancelAnimationFrame(frame);
  }, [map, positionOf, unitId, card]);
}
