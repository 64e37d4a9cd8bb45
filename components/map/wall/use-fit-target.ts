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

/** What the map shows now, as fitted: the key of the target last fitted, and whether a person has moved it since. */
export interface FittedView {
  fittedKey(): string | null;
  movedByUser(): boolean;
}

export function useFitTarget(map: MapLibreMap | null, target: FitTarget | null, scale: number, insetLeft: number): FittedView {
  // The latest target and padding, for the resize listener (registered once per map).
  const latest = useRef({ target, scale, insetLeft });
  latest.current = { target, scale, insetLeft };
  /** Whether a person moved the map since it was last fitted. */
  const movedByUser = useRef(false);
  /** The target last fitted: the same target is not fitted twice (a resize fits it again, below). */
  const fittedKey = useRef<string | null>(null);

  const fit = (animate: boolean) => {
    const { target: box, scale: s, insetLeft: inset } = latest.current;
    if (!map || !box) return;
    const edge = FIT_PADDING * s;
    movedByUser.current = false;
    map.fitBounds(box.bbox, { padding: { top: edge, right: edge, bottom: edge, left: edge + inset * s }, duration: animate ? 900 : 0 });
  };

  // A new map has fitted nothing yet (declared first, so it runs before the fit below).
  useEffect(() => {
    fittedKey.current = null;
  }, [map]);

  // Fits when the target changes, and as soon as the map exists, before it loads: the first tiles fetched and drawn
  // are those of the view shown. Resizes are handled below.
  useEffect(() => {
    if (!map || !target || fittedKey.current === target.key) return;
    fittedKey.current = target.key;
    fit(target.animate);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, target?.key]);

  useEffect(() => {
    if (!map) return;
    // A person moved the map: a move carrying the browser event, any of MapLibre's gesture handlers active while it
    // moves (an isolated wheel notch eases without the event: MapLibre sets it only from the second notch on), or a
    // move a person's click started (PERSON_MOVE, e.g. opening a cluster). fitBounds and flyTo are none of these.
    // Every frame counts, not just the start: a wheel's easing outlives a fit that lands mid-gesture.
    const onMove = (event: MapLibreEvent & { originalEvent?: unknown; byPerson?: boolean }) => {
      if (event.originalEvent || event.byPerson || gestureActive(map)) movedByUser.current = true;
    };
    const onResize = () => {
      if (!movedByUser.current) fit(false);
    };
    map.on('move', onMove);
    map.on('resize', onResize);
    return () => {
      map.off('move', onMove);
      map.off('resize', onResize);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map]);

  return { fittedKey: () => fittedKey.current, movedByUser: () => movedByUser.current };
}

/** Event data for a move a person's action started (map.easeTo(options, PERSON_MOVE)): the wall keeps that view. */
export const PERSON_MOVE = { byPerson: true } as const;

function gestureActive(map: MapLibreMap): boolean {
  return (
    map.scrollZoom.isActive() ||
    map.dragPan.isActive() ||
    map.dragRotate.isActive() ||
    map.touchZoomRotate.isActive() ||
    map.touchPitch.isActive() ||
    map.doubleClickZoom.isActive() ||
    map.boxZoom.isActive() ||
    map.keyboard.isActive()
  );
}
