'use client';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useState } from 'react';

/** The map's zoom now, as React state that changes only when the integer level does (clusters, plates). */
export function useZoomLevel(map: MapLibreMap | null): number {
  const [level, setLevel] = useState(() => Math.floor(map?.getZoom() ?? 0));
  useEffect(() => {
    if (!map) return;
    const read = () => setLevel(Math.floor(map.getZoom()));
    read();
    map.on('zoom', read);
    return () => {
      map.off('zoom', read);
    };
  }, [map]);
  return level;
}
