/**
 * Where a longitude/latitude falls on a flat (unrotated, untilted) MapLibre view, in CSS pixels from its top left:
 * math.gl's Web Mercator viewport (deck.gl's own, with MapLibre's 512-pixel world). Enough to place the live units on
 * a snapshot of the base map before MapLibre itself has loaded.
 */
import { WebMercatorViewport } from '@math.gl/web-mercator';
import type { SnapshotCamera } from '@/domain/map/base-map-snapshot';

/** Projects [lng, lat] onto a view `width`×`height` CSS pixels showing `camera`. */
export function viewProjector(
  camera: SnapshotCamera,
  width: number,
  height: number,
): (lngLat: readonly [number, number]) => [number, number] {
  const viewport = new WebMercatorViewport({ width, height, longitude: camera.center[0], latitude: camera.center[1], zoom: camera.zoom });
  return (lngLat) => {
    const [x, y] = viewport.project([lngLat[0], lngLat[1]]);
    return [x, y];
  };
}
