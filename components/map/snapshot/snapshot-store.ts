/**
 * Where the wall finds the picture of its base map for a view (domain/map/base-map-snapshot.ts): first this
 * browser's own (IndexedDB, through idb-keyval; the most recent KEPT views), then the server's, which any wall of
 * the same view and district kept there — so a browser opening the wall for the first time has one too. Every
 * picture taken is kept in both. A picture older than SNAPSHOT_MAX_AGE_MS is not shown. Nothing here ever throws:
 * no picture is a cold start, and a failed save only costs the next fast start.
 */
import { createStore, del, entries, set, type UseStore } from 'idb-keyval';
import {
  BASE_MAP_SNAPSHOT_PATH,
  formatSnapshotCamera,
  parseSnapshotCamera,
  parseSnapshotKey,
  SNAPSHOT_CAMERA_HEADER,
  SNAPSHOT_MAX_AGE_MS,
  type SnapshotCamera,
  type SnapshotView,
} from '@/domain/map/base-map-snapshot';

export { snapshotKey, type SnapshotView } from '@/domain/map/base-map-snapshot';

export interface BaseMapSnapshot {
  camera: SnapshotCamera;
  /** The view's size in CSS pixels when drawn. */
  width: number;
  height: number;
  image: Blob;
  savedAt: number;
}

const KEPT = 4;
/** The server's picture must come soon to be worth waiting for: the map itself starts after at most this. */
const SERVER_WAIT_MS = 2000;

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

const snapshotUrl = (key: string, camera?: SnapshotCamera) =>
  `${BASE_MAP_SNAPSHOT_PATH}?${new URLSearchParams({ key, ...(camera ? { camera: formatSnapshotCamera(camera) } : {}) })}`;

/** The server's picture for a view (kept by any wall of this district), or null. */
async function serverSnapshot(key: string): Promise<BaseMapSnapshot | null> {
  const view = parseSnapshotKey(key);
  if (!view) return null;
  const reply = await fetch(snapshotUrl(key), { signal: AbortSignal.timeout(SERVER_WAIT_MS) });
  const camera = parseSnapshotCamera(reply.headers.get(SNAPSHOT_CAMERA_HEADER));
  if (!reply.ok || !camera) return null;
  const savedAt = Date.parse(reply.headers.get('last-modified') ?? '');
  return {
    camera,
    width: view.width,
    height: view.height,
    image: await reply.blob(),
    savedAt: Number.isNaN(savedAt) ? Date.now() : savedAt,
  };
}

/** The picture for a view: this browser's if it has a recent one, else the server's. */
export async function loadSnapshot(key: string, now = Date.now()): Promise<BaseMapSnapshot | null> {
  const own = (await prefetchSnapshots()).get(key);
  if (own && now - own.savedAt < SNAPSHOT_MAX_AGE_MS) return own;
  return serverSnapshot(key).catch(() => null);
}

/** Keeps the picture for its view here (only the most recent views) and on the server, for every other browser. */
export async function saveSnapshot(key: string, snapshot: BaseMapSnapshot): Promise<void> {
  void fetch(snapshotUrl(key, snapshot.camera), {
    method: 'POST',
    headers: { 'content-type': snapshot.image.type },
    body: snapshot.image,
  }).catch(() => undefined);
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
