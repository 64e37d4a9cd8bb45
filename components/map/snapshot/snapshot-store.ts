/**
 * The base-map snapshots a browser keeps (IndexedDB, through idb-keyval): for each view a wall opens with (its box
 * size, pixel ratio, wall scale, language and starting view), the picture of the base map it last drew there and
 * the camera it was drawn at. Only this browser reads them; nothing is sent anywhere. A snapshot older than
 * MAX_AGE_MS is not shown, and only the most recent KEPT views are kept.
 */
import { createStore, del, entries, set, type UseStore } from 'idb-keyval';
import type { SnapshotCamera } from './web-mercator';

export interface BaseMapSnapshot {
  camera: SnapshotCamera;
  /** The view's size in CSS pixels when drawn. */
  width: number;
  height: number;
  image: Blob;
  savedAt: number;
}

export interface SnapshotView {
  width: number;
  height: number;
  pixelRatio: number;
  scale: number;
  locale: string;
  /** The starting view's name (the district, as the wall opens). */
  view: string;
}

const MAX_AGE_MS = 7 * 24 * 3600_000;
const KEPT = 4;
/** Bumped whenever what a snapshot holds, or how the base map is drawn, changes. */
const FORMAT = 1;

let store: UseStore | null = null;
function snapshots(): UseStore | null {
  if (typeof indexedDB === 'undefined') return null;
  store ??= createStore('onemap-base-map', 'snapshots');
  return store;
}

/** The snapshot view of a map's box now (sizes as MapLibre reads them). */
export function snapshotViewOf(box: HTMLElement, scale: number, locale: string, view: string): SnapshotView {
  return { width: box.clientWidth, height: box.clientHeight, pixelRatio: window.devicePixelRatio, scale, locale, view };
}

export function snapshotKey(view: SnapshotView): string {
  return [FORMAT, `${Math.round(view.width)}x${Math.round(view.height)}@${view.pixelRatio}`, view.scale, view.locale, view.view].join('|');
}

let stored: Promise<Map<string, BaseMapSnapshot>> | null = null;

/**
 * Starts reading this browser's snapshots (a few at most), so that the wall's first render finds them read: an
 * IndexedDB read queued behind a busy page's main thread comes back late. Call as early as the page allows.
 */
export function prefetchSnapshots(): Promise<Map<string, BaseMapSnapshot>> {
  const db = snapshots();
  stored ??= db
    ? entries<string, BaseMapSnapshot>(db).then(
        (all) => new Map(all),
        () => new Map(),
      )
    : Promise.resolve(new Map());
  return stored;
}

/** The snapshot for a view, if this browser has a recent one; never throws (no snapshot is the cold start). */
export async function loadSnapshot(key: string, now = Date.now()): Promise<BaseMapSnapshot | null> {
  const found = (await prefetchSnapshots()).get(key);
  return found && now - found.savedAt < MAX_AGE_MS ? found : null;
}

/** Keeps the snapshot for its view, and only the most recent views. A failed write only costs the next fast start. */
export async function saveSnapshot(key: string, snapshot: BaseMapSnapshot): Promise<void> {
  const db = snapshots();
  if (!db) return;
  try {
    await set(key, snapshot, db);
    const all = (await entries<string, BaseMapSnapshot>(db)).sort((a, b) => b[1].savedAt - a[1].savedAt);
    await Promise.all(all.slice(KEPT).map(([k]) => del(k, db)));
  } catch (error) {
    console.warn('[map] base-map snapshot not kept:', error);
  }
}
