'use client';
/**
 * Fitting the wall's map to a target box (the district, a chosen sub-district), leaving the overlaid controls on
 * the left clear. Fits when the target changes, and again when the map's box changes size (the window moved to the
 * 4K wall, made full screen) — unless someone has panned or zoomed since the last fit: their view is kept.
 */
import type { Map as MapLibreMap, MapLibreEvent } from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import type { BBox } from '../map-types';

const FIT_PADDING = 36;

export interface FitTarget {
  bbox: BBox;
  /** Changes whenever the map should fit again, even to the same box. */
  key: string;
  animate: boolean;
}

export function useFitTarget(map: MapLibreMap | null, loaded: boolean, target: FitTarget | null, scale: number, insetLeft: number): void {
  // The latest target and padding, for the resize listener (registered once per map).
  const latest = useRef({ target, scale, insetLeft });
  latest.current = { target, scale, insetLeft };
  /** Whether a person moved the map since it was last fitted. */
  const movedByUser = useRef(false);

  const fit = (animate: boolean) => {
    const { target: box, scale: s, insetLeft: inset } = latest.current;
    if (!map || !box) return;
    const edge = FIT_PADDING * s;
    movedByUser.current = false;
    map.fitBounds(box.bbox, { padding: { top: edge, right: edge, bottom: edge, left: edge + inset * s }, duration: animate ? 900 : 0 });
  };

  useEffect(() => {
    if (!map || !target) return;
    if (map.loaded() || loaded) fit(target.animate);
    else map.once('load', () => fit(target.animate));
    // Fit when the target changes (or the map first loads); resizes are handled below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [target?.key, loaded]);

  useEffect(() => {
    if (!map) return;
    // Only a person's gesture carries the browser event; fitBounds and flyTo do not.
    const onMoveStart = (event: MapLibreEvent & { originalEvent?: unknown }) => {
      if (event.originalEvent) movedByUser.current = true;
    };
    const onResize = () => {
      if (!movedByUser.current) fit(false);
    };
    map.on('movestart', onMoveStart);
    map.on('resize', onResize);
    return () => {
      map.off('movestart', onMoveStart);
      map.off('resize', onResize);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map]);
}
