'use client';
/**
 * Fitting the wall's map to a target box (the district, a chosen sub-district), leaving the overlaid controls on
 * the left clear. Fits when the target changes, not when the wall is resized.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect } from 'react';
import type { BBox } from '../map-types';

const FIT_PADDING = 36;

export interface FitTarget {
  bbox: BBox;
  /** Changes whenever the map should fit again, even to the same box. */
  key: string;
  animate: boolean;
}

export function useFitTarget(map: MapLibreMap | null, loaded: boolean, target: FitTarget | null, scale: number, insetLeft: number): void {
  useEffect(() => {
    if (!map || !target) return;
    const edge = FIT_PADDING * scale;
    const padding = { top: edge, right: edge, bottom: edge, left: edge + insetLeft * scale };
    const fit = () => map.fitBounds(target.bbox, { padding, duration: target.animate ? 900 : 0 });
    if (map.loaded() || loaded) fit();
    else map.once('load', fit);
    // Fit only when the target changes (or the map first loads), not when the wall is resized.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [target?.key, loaded]);
}
