/**
 * Where a longitude/latitude falls on a flat (unrotated, untilted) MapLibre view, in CSS pixels from its top left:
 * Web Mercator with MapLibre's 512-pixel world at zoom 0. Enough to place the live units on a snapshot of the base
 * map before MapLibre itself has loaded. Pure: tested in Node.
 */
export interface SnapshotCamera {
  center: [number, number];
  zoom: number;
}

const TILE_SIZE = 512;

function worldPoint(lng: number, lat: number, worldSize: number): [number, number] {
  const sin = Math.sin((lat * Math.PI) / 180);
  const y = 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
  return [((lng + 180) / 360) * worldSize, y * worldSize];
}

/** The screen point of [lng, lat] on a view `width`×`height` CSS pixels showing `camera`. */
export function projectToView(lngLat: readonly [number, number], camera: SnapshotCamera, width: number, height: number): [number, number] {
  const worldSize = TILE_SIZE * 2 ** camera.zoom;
  const [cx, cy] = worldPoint(camera.center[0], camera.center[1], worldSize);
  const [x, y] = worldPoint(lngLat[0], lngLat[1], worldSize);
  return [x - cx + width / 2, y - cy + height / 2];
}
