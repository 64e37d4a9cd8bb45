'use client';
/**
 * Landmarks on a phone's small map: the base map has only the district's major roads, so a task's map and the
 * report's place picker also show the addressed places (门牌: 居委会, service sites) around the spot, with their
 * names, from PostGIS (map.addressesNear). Drawn by MapLibre, whose CJK labels come from the phone's own fonts.
 */
import { skipToken, useQuery } from '@tanstack/react-query';
import { distance } from '@turf/turf';
import type { GeoJSONSource } from 'maplibre-gl';
import { useEffect } from 'react';
import type { BaseMap } from '@/components/map/use-base-map';
import { useTRPC } from '@/components/trpc/client';

const SOURCE = 'landmarks';

export interface Landmark {
  name: string;
  address: string;
  lng: number;
  lat: number;
}

/** ~10 m: nearby centres share one request (and one copy kept for offline). */
const round = (value: number) => Math.round(value * 10_000) / 10_000;

export function useLandmarks(base: BaseMap, centre: { lng: number; lat: number } | null): Landmark[] {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.map.addressesNear.queryOptions(centre ? { lng: round(centre.lng), lat: round(centre.lat) } : skipToken, {
      staleTime: 10 * 60_000,
    }),
  );
  const landmarks = query.data;

  useEffect(() => {
    const map = base.map;
    if (!map || !base.loaded || !landmarks) return;
    const data: GeoJSON.FeatureCollection = {
      type: 'FeatureCollection',
      features: landmarks.map((l) => ({
        type: 'Feature',
        properties: { name: l.name },
        geometry: { type: 'Point', coordinates: [l.lng, l.lat] },
      })),
    };
    const source = map.getSource<GeoJSONSource>(SOURCE);
    if (source) {
      source.setData(data);
      return;
    }
    map.addSource(SOURCE, { type: 'geojson', data });
    map.addLayer({
      id: 'landmark-dot',
      type: 'circle',
      source: SOURCE,
      paint: { 'circle-radius': 3.5, 'circle-color': '#fbbf24', 'circle-stroke-color': '#040a15', 'circle-stroke-width': 1 },
    });
    map.addLayer({
      id: 'landmark-label',
      type: 'symbol',
      source: SOURCE,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': ['Noto Sans Regular'],
        'text-size': 11,
        'text-anchor': 'top',
        'text-offset': [0, 0.5],
        'text-optional': true,
      },
      paint: { 'text-color': '#fde68a', 'text-halo-color': '#040a15', 'text-halo-width': 1.2 },
    });
  }, [base.map, base.loaded, landmarks]);

  return landmarks ?? [];
}

/** The landmark nearest a place, with its distance in metres, for "near …" beside a picked point. */
export function nearestLandmark(
  landmarks: readonly Landmark[],
  at: { lng: number; lat: number },
): { landmark: Landmark; meters: number } | null {
  let best: { landmark: Landmark; meters: number } | null = null;
  for (const landmark of landmarks) {
    const meters = distance([at.lng, at.lat], [landmark.lng, landmark.lat], { units: 'meters' });
    if (!best || meters < best.meters) best = { landmark, meters };
  }
  return best;
}
