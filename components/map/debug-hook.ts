/**
 * `window.__onemap`: a read-only window onto the command map for end-to-end tests and for a person debugging a
 * wall screen from the browser console.
 *
 * Installed always, production builds included — the e2e tests (and the ≤ 3 s load check) run against the
 * production build, and the components may not read NODE_ENV (server/env.ts is the only reader of the
 * environment). It is safe to expose: it is frozen, offers no setters or actions, and shows only what the
 * signed-in user already sees on screen. `map` and `deck` are the live instances for inspection; tests must
 * not call their mutating methods.
 *
 *   await page.waitForFunction(() => window.__onemap?.isReady());
 *   await page.evaluate(() => window.__onemap.layerIds());           // visible deck layers, e.g. 'onemap-lights'
 *   await page.evaluate(() => window.__onemap.unitPosition(42));     // [lng, lat] or null
 *   await page.evaluate(() => window.__onemap.replay());             // { mode: 'replay', shownAt, … } or live
 */
import type { MapboxOverlay } from '@deck.gl/mapbox';
import type { Map as MapLibreMap } from 'maplibre-gl';

export interface DebugSource {
  map(): MapLibreMap | null;
  deck(): MapboxOverlay | null;
  /** Base map loaded, every layer's data drawn at least once. */
  isReady(): boolean;
  /** performance.now() when the map became ready: milliseconds since navigation started. */
  readyAtMs(): number | null;
  /** performance.now() when the first view (base map and live units) was drawn; absent on maps without one. */
  firstViewAtMs?(): number | null;
  /** Deck layers currently passed to the overlay: id, visibility, how many features each holds, its deck.gl type. */
  layers(): ReadonlyArray<{ id: string; visible: boolean; featureCount: number; labels?: readonly string[]; type?: string }>;
  unitPosition(unitId: number): [number, number] | null;
  subDistrict(): string | null;
  selection(): { type: 'facility' | 'unit' | 'order'; id: number } | null;
}

export interface OneMapDebugHook {
  readonly version: 1;
  readonly map: MapLibreMap | null;
  readonly deck: MapboxOverlay | null;
  isReady(): boolean;
  readyAtMs(): number | null;
  /** When the base map and the live units were first drawn (ms since navigation), before the other layers. */
  firstViewAtMs(): number | null;
  /** Ids of the deck layers that are visible now. */
  layerIds(): string[];
  /** Ids of every deck layer, visible or not. */
  allLayerIds(): string[];
  /** Features in a deck layer (0 for an unknown id). */
  featureCount(layerId: string): number;
  /** The texts a label layer writes on the map (e.g. 'onemap-parks-labels'); [] for other layers. */
  labels(layerId: string): string[];
  /** The deck.gl layer class drawing a layer ('IconLayer', 'ScatterplotLayer', …), or null for an unknown id. */
  layerType(layerId: string): string | null;
  unitPosition(unitId: number): [number, number] | null;
  /** The sub-district the map is zoomed to, or null for the whole district. */
  subDistrict(): string | null;
  selection(): { type: 'facility' | 'unit' | 'order'; id: number } | null;
  /** The wall's time slider: live, or the moment replayed and what was drawn for it. */
  replay(): ReplayDebugState;
}

export interface ReplayDebugState {
  mode: 'live' | 'replay';
  /** The moment chosen (epoch ms), null while live. */
  at: number | null;
  /** The moment whose read is drawn now (epoch ms), null while live or before the first read. */
  shownAt: number | null;
  playing: boolean;
  speed: number;
  /** Units, orders, alarms and tickets drawn for the moment shown. */
  counts: { units: number; orders: number; alarms: number; tickets: number } | null;
}

const LIVE_REPLAY_STATE: ReplayDebugState = { mode: 'live', at: null, shownAt: null, playing: false, speed: 1, counts: null };
let replaySource: (() => ReplayDebugState) | null = null;

/** The wall gives the hook its replay state (the slider lives outside the map); returns the withdrawal. */
export function provideReplayState(source: () => ReplayDebugState): () => void {
  replaySource = source;
  return () => {
    if (replaySource === source) replaySource = null;
  };
}

declare global {
  interface Window {
    __onemap?: OneMapDebugHook;
  }
}

export function createDebugHook(source: DebugSource): OneMapDebugHook {
  return Object.freeze({
    version: 1 as const,
    get map() {
      return source.map();
    },
    get deck() {
      return source.deck();
    },
    isReady: () => source.isReady(),
    readyAtMs: () => source.readyAtMs(),
    firstViewAtMs: () => source.firstViewAtMs?.() ?? null,
    layerIds: () =>
      source
        .layers()
        .filter((l) => l.visible)
        .map((l) => l.id),
    allLayerIds: () => source.layers().map((l) => l.id),
    featureCount: (layerId: string) => source.layers().find((l) => l.id === layerId)?.featureCount ?? 0,
    labels: (layerId: string) => [...(source.layers().find((l) => l.id === layerId)?.labels ?? [])],
    layerType: (layerId: string) => source.layers().find((l) => l.id === layerId)?.type ?? null,
    unitPosition: (unitId: number): [number, number] | null => {
      const position = source.unitPosition(unitId);
      return position ? [position[0], position[1]] : null;
    },
    subDistrict: () => source.subDistrict(),
    selection: () => {
      const selected = source.selection();
      return selected ? { ...selected } : null;
    },
    replay: () => structuredClone(replaySource?.() ?? LIVE_REPLAY_STATE),
  });
}

/** Puts the hook on `target` (the window) as a non-writable property; returns the uninstaller. */
export function installDebugHook(target: Window, hook: OneMapDebugHook): () => void {
  Object.defineProperty(target, '__onemap', { value: hook, configurable: true, enumerable: false, writable: false });
  return () => {
    if (target.__onemap === hook) delete target.__onemap;
  };
}
