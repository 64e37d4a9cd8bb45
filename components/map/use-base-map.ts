'use client';
/**
 * The base map of every map screen (the wall, the dispatch hub, the hotline map, the field app): the offline dark
 * style (loaded, absolutized, scaled and localized by the style modules), MapLibre patched for deck.gl
 * (exposeTransformForDeck), and a deck.gl MapboxOverlay interleaved in MapLibre's WebGL context. Clicks come from
 * MapLibre (deck.gl's tap recogniser drops a click whose press and release are handled more than 250 ms apart, as
 * on a busy wall) and are handed on with the overlay, so the caller picks what it needs; hovers come from the
 * overlay. A change of scale re-scales the running style; a change of language relabels it.
 */
import type { PickingInfo } from '@deck.gl/core';
import { MapboxOverlay } from '@deck.gl/mapbox';
import {
  getVersion,
  type MapMouseEvent,
  Map as MapLibreMap,
  type MapOptions,
  NavigationControl,
  setWorkerUrl,
  type StyleSpecification,
} from 'maplibre-gl';
import { type RefObject, useEffect, useRef, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { exposeTransformForDeck } from '@/components/map/maplibre-deck-compat';
import { absolutizeStyle } from '@/components/map/style/absolutize-style';
import { applyStyleScale } from '@/components/map/style/apply-style-scale';
import { loadBaseStyle } from '@/components/map/style/load-style';
import { localizeLabels } from '@/components/map/style/localize-labels';
import { scaleStyle } from '@/components/map/style/scale-style';
import { CJK_FONTS, WORKER_PATH } from '@/components/map/map-setup';
import { dropSourceCredits } from '@/components/map/style/drop-source-credits';

/** What a screen may set beyond the shared defaults: bounds, zoom limits, label fading, a full attribution. */
export type BaseMapExtras = Pick<MapOptions, 'maxBounds' | 'minZoom' | 'maxZoom' | 'fadeDuration'> & { compactAttribution?: boolean };

export interface BaseMapOptions {
  containerRef: RefObject<HTMLDivElement | null>;
  scale: number;
  center?: [number, number];
  zoom?: number;
  interactive?: boolean;
  extras?: BaseMapExtras;
  onClick?(event: MapMouseEvent, overlay: MapboxOverlay): void;
  onHover?(info: PickingInfo, map: MapLibreMap): void;
}

export interface BaseMap {
  map: MapLibreMap | null;
  overlay: MapboxOverlay | null;
  loaded: boolean;
  failure: string | null;
}

export function useBaseMap({ containerRef, scale, center, zoom, interactive = true, extras, onClick, onHover }: BaseMapOptions): BaseMap {
  const { t, locale } = useI18n();
  const [state, setState] = useState<BaseMap>({ map: null, overlay: null, loaded: false, failure: null });
  const handlers = useRef({ onClick, onHover });
  useEffect(() => {
    handlers.current = { onClick, onHover };
  });
  const writtenStyle = useRef<StyleSpecification | null>(null);
  const appliedScale = useRef(scale);

  // Created once per mount; the initial scale, centre and language are enough (the effects below follow changes).
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let disposed = false;
    let map: MapLibreMap | null = null;
    let overlay: MapboxOverlay | null = null;
    (async () => {
      setWorkerUrl(`${WORKER_PATH}?v=${getVersion()}`);
      const style = dropSourceCredits(absolutizeStyle(await loadBaseStyle(), window.location.origin));
      if (disposed) return;
      writtenStyle.current = style;
      const { compactAttribution = true, ...limits } = extras ?? {};
      map = new MapLibreMap({
        container,
        style: scaleStyle(style, appliedScale.current),
        center,
        zoom,
        interactive,
        ...limits,
        localIdeographFontFamily: CJK_FONTS,
        // The ≈ streets are derived, not surveyed (style: street-approximate); the credit line says so.
        attributionControl: { compact: compactAttribution, customAttribution: [t('map.credit'), t('map.approximateStreets')] },
        dragRotate: false,
        pitchWithRotate: false,
        touchPitch: false,
        locale: {
          'NavigationControl.ZoomIn': t('map.zoomIn'),
          'NavigationControl.ZoomOut': t('map.zoomOut'),
          'NavigationControl.ResetBearing': t('map.resetBearing'),
          'AttributionControl.ToggleAttribution': t('map.toggleCredit'),
          'Map.Title': t('map.title'),
          'Marker.Title': t('map.marker'),
          'Popup.Close': t('map.closePopup'),
        },
      });
      exposeTransformForDeck(map);
      if (interactive) map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
      const created = { map, overlay: null as MapboxOverlay | null };
      overlay = new MapboxOverlay({
        interleaved: true,
        layers: [],
        onHover: (info: PickingInfo) => handlers.current.onHover?.(info, created.map),
      });
      created.overlay = overlay;
      map.addControl(overlay);
      map.on('click', (event) => handlers.current.onClick?.(event, created.overlay!));
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
    if (!state.loaded || !state.map || !writtenStyle.current || appliedScale.current === scale) return;
    appliedScale.current = scale;
    applyStyleScale(state.map, writtenStyle.current, scale);
  }, [state.loaded, state.map, scale]);

  useEffect(() => {
    if (state.loaded && state.map) localizeLabels(state.map, locale);
  }, [state.loaded, state.map, locale]);

  return state;
}
