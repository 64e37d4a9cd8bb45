'use client';
/**
 * Keeps a picture of the wall's base map for the next start (snapshot-store.ts), and holds the live units back until
 * it is taken: the base map is photographed on its first idle frame at the starting view, before any unit, order
 * or alarm is drawn on it, so the picture holds only what does not move. Every load takes a fresh one, so a
 * changed street layer is shown from the next start on. Returns whether the units may be drawn now: after the
 * picture, or at once where none is taken (another view, someone moved the map), or after IDLE_WAIT_MS at most.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useState } from 'react';
import { SNAPSHOT_MEDIA_TYPE } from '@/domain/map/base-map-snapshot';
import { saveSnapshot, snapshotKey, type SnapshotView } from './snapshot-store';

/** However busy the base map stays, the units are drawn this long after it loaded. */
const IDLE_WAIT_MS = 8000;
const IMAGE_QUALITY = 0.9;

export interface SnapshotCaptureInput {
  map: MapLibreMap | null;
  mapLoaded: boolean;
  /** The view to photograph, or null while the map shows anything else than the starting view. */
  startView: () => SnapshotView | null;
}

export function useSnapshotCapture({ map, mapLoaded, startView }: SnapshotCaptureInput): boolean {
  const [unitsAllowed, setUnitsAllowed] = useState(false);
  useEffect(() => {
    if (unitsAllowed || !map || !mapLoaded) return;
    let done = false;
    const finish = () => {
      done = true;
      map.off('idle', onIdle);
      clearTimeout(timer);
      setUnitsAllowed(true);
    };
    // 'idle' fires inside the frame MapLibre just drew, so the canvas still holds it (no preserveDrawingBuffer needed).
    const onIdle = () => {
      if (done) return;
      const view = startView();
      if (view) {
        const { lng, lat } = map.getCenter();
        const shot = { camera: { center: [lng, lat] as [number, number], zoom: map.getZoom() }, width: view.width, height: view.height };
        const key = snapshotKey(view);
        map.getCanvas().toBlob(
          (image) => {
            if (image) void saveSnapshot(key, { ...shot, image, savedAt: Date.now() });
          },
          SNAPSHOT_MEDIA_TYPE,
          IMAGE_QUALITY,
        );
      }
      finish();
    };
    const timer = setTimeout(finish, IDLE_WAIT_MS);
    map.on('idle', onIdle);
    // A map already idle fires no more 'idle' until something changes: ask for one frame.
    map.triggerRepaint();
    return () => {
      done = true;
      map.off('idle', onIdle);
      clearTimeout(timer);
    };
  }, [map, mapLoaded, unitsAllowed, startView]);
  return unitsAllowed;
}
