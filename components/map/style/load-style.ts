/**
 * The base-map style, fetched once per page, and its GeoJSON sources warmed into the HTTP cache. The command
 * view starts both as soon as it mounts, in parallel with downloading MapLibre and deck.gl, so by the time the
 * map is created its style is in hand and its worker finds the sources already cached (they are served with a
 * short private max-age for exactly this).
 */
import type { StyleSpecification } from 'maplibre-gl';

export const STYLE_URL = '/map/style-dark.json';

let style: Promise<StyleSpecification> | null = null;

export function loadBaseStyle(): Promise<StyleSpecification> {
  style ??= fetch(STYLE_URL).then(async (response) => {
    if (!response.ok) throw new Error(`${STYLE_URL}: HTTP ${response.status}`);
    return (await response.json()) as StyleSpecification;
  });
  // A failed load is retried by the next caller instead of being remembered.
  style.catch(() => {
    style = null;
  });
  return style;
}

/** Server-relative GeoJSON source URLs of a style. */
export function geoJsonSourceUrls(spec: StyleSpecification): string[] {
  return Object.values(spec.sources).flatMap((source) =>
    source.type === 'geojson' && typeof source.data === 'string' && source.data.startsWith('/') ? [source.data] : [],
  );
}

/** Starts the style and its sources downloading; errors surface later, where the map loads them for real. */
export function prefetchBaseMap(): void {
  loadBaseStyle()
    .then((spec) =>
      Promise.all(geoJsonSourceUrls(spec).map((url) => fetch(url, { credentials: 'same-origin' }).then((r) => r.arrayBuffer()))),
    )
    .catch(() => undefined);
}
