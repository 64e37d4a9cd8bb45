/**
 * A picture of the wall's base map at its starting view (issue 19's first view): which view it shows (its key) and
 * the camera it was drawn at. The browser that draws the map takes it; the server keeps the latest one per view, so
 * a browser opening a wall for the first time shows it too. Shared by the browser (components/map/snapshot) and the
 * server (server/geography/base-map-snapshots.*), which checks every key and camera it is sent against this.
 */

export interface SnapshotCamera {
  center: [number, number];
  zoom: number;
}

/** What a picture depends on: the map box in CSS pixels, the screen's pixel ratio, the wall scale, language, view. */
export interface SnapshotView {
  width: number;
  height: number;
  pixelRatio: number;
  scale: number;
  locale: string;
  /** The starting view's name (the district, as the wall opens). */
  view: string;
}

/** Bumped whenever what a snapshot holds, or how the base map is drawn, changes. */
export const SNAPSHOT_FORMAT = 1;
/** A picture older than this is not shown: the base map has changed by then, or the wall has not opened since. */
export const SNAPSHOT_MAX_AGE_MS = 7 * 24 * 3600_000;
/** GET ?key= the picture (image/webp, camera in SNAPSHOT_CAMERA_HEADER); POST ?key=&camera=lng,lat,zoom one taken. */
export const BASE_MAP_SNAPSHOT_PATH = '/map/snapshots';
export const SNAPSHOT_CAMERA_HEADER = 'x-snapshot-camera';
export const SNAPSHOT_MEDIA_TYPE = 'image/webp';
/** A 4K wall's picture at quality 0.9 is about 1 MB; anything much larger is not a base map picture. */
export const SNAPSHOT_MAX_BYTES = 6 * 1024 * 1024;

const LOCALES = ['zh', 'en'];

export function snapshotKey(view: SnapshotView): string {
  return [
    SNAPSHOT_FORMAT,
    `${Math.round(view.width)}x${Math.round(view.height)}@${view.pixelRatio}`,
    view.scale,
    view.locale,
    view.view,
  ].join('|');
}

const KEY = /^(\d{1,3})\|(\d{2,5})x(\d{2,5})@(\d{1,2}(?:\.\d{1,20})?)\|(\d{1,2}(?:\.\d{1,20})?)\|([a-z]{2})\|([a-z-]{1,20}:\d{1,4})$/;

/** The view a key names, or null for anything that is not a key of this format for a plausible screen. */
export function parseSnapshotKey(key: string): SnapshotView | null {
  const match = KEY.exec(key);
  if (!match || Number(match[1]) !== SNAPSHOT_FORMAT) return null;
  const [width, height, pixelRatio, scale] = [match[2], match[3], match[4], match[5]].map(Number);
  if (width < 100 || height < 100 || width > 8000 || height > 8000) return null;
  if (pixelRatio < 0.25 || pixelRatio > 4 || scale < 0.25 || scale > 8 || !LOCALES.includes(match[6])) return null;
  return { width, height, pixelRatio, scale, locale: match[6], view: match[7] };
}

/** The picture's size in device pixels, as the map's canvas has it (MapLibre rounds each side). */
export function snapshotPixels(view: SnapshotView): { width: number; height: number } {
  return { width: Math.round(view.width * view.pixelRatio), height: Math.round(view.height * view.pixelRatio) };
}

/** The camera as one header value, `lng,lat,zoom`. */
export function formatSnapshotCamera(camera: SnapshotCamera): string {
  return `${camera.center[0]},${camera.center[1]},${camera.zoom}`;
}

/** A camera from `lng,lat,zoom`, or null for anything that is not a place on Earth and a zoom. */
export function parseSnapshotCamera(value: string | null | undefined): SnapshotCamera | null {
  const parts = (value ?? '').split(',');
  if (parts.length !== 3 || parts.some((p) => p.trim() === '')) return null;
  const [lng, lat, zoom] = parts.map(Number);
  if (![lng, lat, zoom].every(Number.isFinite) || Math.abs(lng) > 180 || Math.abs(lat) > 85 || zoom < 0 || zoom > 24) return null;
  return { center: [lng, lat], zoom };
}
