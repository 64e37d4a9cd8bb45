/**
 * The style file names its glyphs, sprite and GeoJSON sources by server-relative paths (/map/…), so it holds
 * no host name and works behind any proxy. MapLibre resolves URLs in its worker, where relative paths have no
 * base: this makes them absolute against the page's origin. Anything already absolute is left alone.
 */
import type { StyleSpecification } from 'maplibre-gl';

function absolute(url: string, origin: string): string {
  return url.startsWith('/') && !url.startsWith('//') ? `${origin}${url}` : url;
}

export function absolutizeStyle(style: StyleSpecification, origin: string): StyleSpecification {
  const sources = Object.fromEntries(
    Object.entries(style.sources).map(([id, source]) => {
      if (source.type === 'geojson' && typeof source.data === 'string') return [id, { ...source, data: absolute(source.data, origin) }];
      if ('url' in source && typeof source.url === 'string') return [id, { ...source, url: absolute(source.url, origin) }];
      if ('tiles' in source && Array.isArray(source.tiles)) return [id, { ...source, tiles: source.tiles.map((t) => absolute(t, origin)) }];
      return [id, source];
    }),
  ) as StyleSpecification['sources'];
  const sprite =
    typeof style.sprite === 'string' ? absolute(style.sprite, origin) : style.sprite?.map((s) => ({ ...s, url: absolute(s.url, origin) }));
  return {
    ...style,
    sources,
    ...(style.glyphs ? { glyphs: absolute(style.glyphs, origin) } : {}),
    ...(sprite ? { sprite } : {}),
  };
}
