/**
 * deck.gl 9.4's MapboxOverlay reads `map.transform` (height, near/far planes, elevation) while drawing
 * interleaved layers. MapLibre 6 moved the transform onto an inner camera (`map._camera.transform`), so without
 * this every interleaved draw throws "Cannot read properties of undefined (reading 'height')". This adds a
 * read-only `transform` getter where the map lacks one; remove it once @deck.gl/mapbox supports MapLibre 6.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

interface CameraHolder {
  _camera?: { transform?: unknown };
}

export function exposeTransformForDeck(map: MapLibreMap): void {
  if ((map as unknown as { transform?: unknown }).transform !== undefined) return;
  Object.defineProperty(map, 'transform', {
    configurable: true,
    get: () => (map as unknown as CameraHolder)._camera?.transform,
  });
}
