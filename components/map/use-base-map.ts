'use client';
/**
 * The wall's base map for the dispatch hub's screens: the same offline dark style (loaded, absolutized, scaled and
 * localized by the wall's own style modules), MapLibre 6 patched for deck.gl (exposeTransformForDeck), and a deck.gl
 * MapboxOverlay interleaved in MapLibre's WebGL context. Clicks come from MapLibre (as on the wall: deck.gl's tap
 * recogniser drops slow clicks) and are handed on with the overlay, so the caller picks what it needs.
 */
import { MapboxOverlay } from '@deck.gl/mapbox';
import { getVersion, type MapMouseEvent, Map as MapLibreMap, NavigationControl, setWorkerUrl } from 'maplibre-gl';
import { type RefObject, useEffect, useRef, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { exposeTransformForDeck } from '@/components/map/maplibre-deck-compat';
import { absolutizeStyle } from '@/components/map/style/absolutize-style';
import { loadBaseStyle } from '@/components/map/style/load-style';
import { localizeLabels } from '@/components/map/style/localize-labels';
import { scaleStyle } from '@/components/map/style/scale-style';
import { CJK_FONTS, OSM_ATTRIBUTION, WORKER_PATH } from '@/components/map/map-setup';

export interface BaseMapOptions {
  containerRef: RefObject<HTMLDivElement | null>;
  scale: number;
  center?: [number, number];
  zoom?: number;
  interactive?: boolean;
  onClick?(event: MapMouseEvent, overlay: MapboxOverlay): void;
}

export interface BaseMap {
  map: MapLibreMap | null;
  overlay: MapboxOverlay | null;
  loaded: boolean;
  failure: string | null;
}

export function useBaseMap({ containerRef, scale, center, zoom, interactive = true, onClick }: BaseMapOptions): BaseMap {
  const { t, locale } = useI18n();
  const [state, setState] = useState<BaseMap>({ map: null, overlay: null, loaded: false, failure: null });
  const latestClick = useRef(onClick);
  useEffect(() => {
    latestClick.current = onClick;
  });

  // Created once per mount; the initial scale, centre and language are enough (the effect below follows the language).
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let disposed = false;
    let map: MapLibreMap | null = null;
    let overlay: MapboxOverlay | null = null;
    (async () => {
      setWorkerUrl(`${WORKER_PATH}?v=${getVersion()}`);
      const style = absolutizeStyle(await loadBaseStyle(), window.location.origin);
      if (disposed) return;
      map = new MapLibreMap({
        container,
        style: scaleStyle(style, scale),
        center,
        zoom,
        interactive,
        localIdeographFontFamily: CJK_FONTS,
        attributionControl: { compact: true, customAttribution: OSM_ATTRIBUTION },
        dragRotate: false,
        pitchWithRotate: false,
        touchPitch: false,
        locale: { 'NavigationControl.ZoomIn': t('map.zoomIn'), 'NavigationControl.ZoomOut': t('map.zoomOut') },
      });
      exposeTransformForDeck(map);
      if (interactive) map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
      overlay = new MapboxOverlay({ interleaved: true, layers: [] });
      map.addControl(overlay);
      const created = { map, overlay };
      map.on('click', (event) => latestClick.current?.(event, created.overlay));
      map.on('error', (event) => console.warn('[map]', event.error?.message ?? event));
      map.on('load', () => {
        if (!disposed) setState({ ...created, loaded: true, failure: null });
      });
      setState({ ...created, loaded: false, failure: null });
    })().catch((error: unknown) => {
      if (!disposed) setState((s) => ({ ...s, failure: error instanceof Error ? error.message : String(error) }));
    });
    return () => {
      disposed = true;
      overlay?.finalize();
      map?.remove();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (state.loaded && state.map) localizeLabels(state.map, locale);
  }, [state.loaded, state.map, locale]);

  return state;
}
