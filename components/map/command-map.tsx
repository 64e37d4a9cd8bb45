'use client';
/**
 * The map's place on the command wall. The canvas (MapLibre + deck.gl) is imported lazily, after the page has
 * rendered and while the layer data is already being fetched, so neither library is in the first JavaScript.
 * `data-ready="true"` on the container says the base map and every layer have been drawn (e2e tests wait on it).
 */
import dynamic from 'next/dynamic';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import type { MapCanvasProps } from './map-canvas';
import { prefetchBaseMap } from './style/load-style';

function MapLoading() {
  const { t } = useI18n();
  return <div className="absolute inset-0 flex items-center justify-center text-[1rem] text-slate-400">{t('map.loading')}</div>;
}

const MapCanvas = dynamic(() => import('./map-canvas'), { ssr: false, loading: MapLoading });

export type CommandMapProps = Omit<MapCanvasProps, 'onReady'> & { children?: ReactNode };

export function CommandMap({ children, ...canvas }: CommandMapProps) {
  const [ready, setReady] = useState(false);
  const onReady = useCallback(() => setReady(true), []);
  useEffect(prefetchBaseMap, []);
  return (
    <div
      data-testid="command-map"
      data-ready={ready ? 'true' : 'false'}
      className="relative h-full w-full overflow-hidden rounded-lg border border-sky-400/25 bg-[#040a15]"
    >
      <MapCanvas {...canvas} onReady={onReady} />
      {children}
    </div>
  );
}
