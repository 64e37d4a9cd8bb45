'use client';
/**
 * The map's place on the command wall. The canvas (MapLibre + deck.gl) is in a chunk of its own, fetched as this
 * module loads, in parallel with the page's data, so neither library is in the first JavaScript.
 * Until the map has drawn its first view, a snapshot of the base map from this browser's last start carries the live
 * units (snapshot/snapshot-placeholder.tsx), so the wall shows its map at once even where WebGL is slow.
 * `data-ready="true"` on the container says the base map and every layer have been drawn (e2e tests wait on it).
 */
import dynamic from 'next/dynamic';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import type { MapCanvasProps } from './map-canvas';
import { SnapshotPlaceholder } from './snapshot/snapshot-placeholder';
import { prefetchBaseMap } from './style/load-style';

function MapLoading() {
  const { t } = useI18n();
  return <div className="absolute inset-0 flex items-center justify-center text-[1rem] text-slate-400">{t('map.loading')}</div>;
}

const loadMapCanvas = () => import('./map-canvas');
// Downloaded and evaluated from the start, even while the map waits for a snapshot placeholder to show first.
if (typeof window !== 'undefined') void loadMapCanvas();
const MapCanvas = dynamic(loadMapCanvas, { ssr: false, loading: MapLoading });

/** The map starts at the latest this long after mounting, whether or not a placeholder has shown. */
const PLACEHOLDER_WAIT_MS = 3000;

export type CommandMapProps = Omit<MapCanvasProps, 'onReady' | 'onFirstView' | 'placeholderShownAt'> & { children?: ReactNode };

export function CommandMap({ children, ...canvas }: CommandMapProps) {
  const [ready, setReady] = useState(false);
  const onReady = useCallback(() => setReady(true), []);
  useEffect(prefetchBaseMap, []);
  // The snapshot placeholder shows the base map and the units until the map has drawn them itself.
  const [mapDrawn, setMapDrawn] = useState(false);
  const onFirstView = useCallback(() => setMapDrawn(true), []);
  const placeholderAt = useRef<number | null>(null);
  const onPlaceholderShown = useCallback((at: number) => {
    placeholderAt.current = at;
  }, []);
  const placeholderShownAt = useCallback(() => placeholderAt.current, []);
  // With software WebGL, creating the map blocks the page for seconds (shader compilation): a placeholder that is
  // to show goes first, so the room sees the map at once and MapLibre's start is hidden behind it.
  const [mapMayStart, setMapMayStart] = useState(!canvas.startFitKey);
  const onPlaceholderSettled = useCallback(() => setMapMayStart(true), []);
  useEffect(() => {
    const timer = setTimeout(() => setMapMayStart(true), PLACEHOLDER_WAIT_MS);
    return () => clearTimeout(timer);
  }, []);
  return (
    <div
      data-testid="command-map"
      data-ready={ready ? 'true' : 'false'}
      className="relative h-full w-full overflow-hidden rounded-lg border border-sky-400/25 bg-[#040a15]"
    >
      {mapMayStart ? (
        <MapCanvas {...canvas} onReady={onReady} onFirstView={onFirstView} placeholderShownAt={placeholderShownAt} />
      ) : (
        <MapLoading />
      )}
      {canvas.startFitKey && !mapDrawn ? (
        <SnapshotPlaceholder
          view={canvas.startFitKey}
          visible={canvas.visible}
          liveSettled={canvas.liveSettled}
          onShown={onPlaceholderShown}
          onSettled={onPlaceholderSettled}
        />
      ) : null}
      {children}
    </div>
  );
}
