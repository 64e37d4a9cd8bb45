'use client';
/**
 * The wall's map is ready when the base map has loaded and every layer's data has been drawn once (and its tiles
 * are in): what the loading screen and the tests wait for. Returns when that happened (performance.now()).
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';

export function useMapReady(map: MapLibreMap | null, settled: boolean, onReady: () => void) {
  const readyAt = useRef<number | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (ready || !map || !settled) return;
    let cancelled = false;
    const markReady = () => {
      if (cancelled) return;
      readyAt.current = performance.now();
      setReady(true);
      onReady();
    };
    // The first frame drawn with every tile in. Not 'idle': while units glide the map repaints every frame, and
    // 'idle' would wait for a pause in their motion.
    const onRender = () => {
      if (!map.areTilesLoaded()) return;
      map.off('render', onRender);
      markReady();
    };
    map.on('render', onRender);
    map.triggerRepaint();
    return () => {
      cancelled = true;
      map.off('render', onRender);
    };
  }, [ready, map, settled, onReady]);
  return readyAt;
}
