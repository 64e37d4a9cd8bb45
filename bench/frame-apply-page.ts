/**
 * The page side of the frame-apply benchmark (bundled by esbuild, loaded in headless Chromium by
 * bench/frame-apply.ts). It times, on the page's main thread and with the product's own code:
 *  - binary:  LiveUnitsModel.applyFrame of one frame moving all 10,000 units (decode + write into the typed arrays
 *             deck.gl draws from), and the per-animation-frame glide (advance) that follows;
 *  - geojson: the common way — rebuild a GeoJSON FeatureCollection of the same 10,000 positions and hand it to a
 *             real MapLibre map's GeoJSON source with setData (the synchronous part, which includes cloning it to
 *             MapLibre's worker), plus how long until the source reports the data loaded.
 * The driver also reads Chromium's main-thread task time (CDP Performance.getMetrics) around the binary loop (apply,
 * glide, layer rebuild, deck.gl draw) and the GeoJSON loop (rebuild, setData, MapLibre's main-thread share of the
 * update, redraw): work MapLibre defers past setData shows there, not in the synchronous timing.
 * It also checks the units layer really draws: a deck.gl pick at a unit's pixel must return that unit's slot.
 */
import { MapboxOverlay } from '@deck.gl/mapbox';
import { Map as MapLibreMap, setWorkerUrl } from 'maplibre-gl';
import { LiveUnitsModel, type UnitsSnapshot } from '@/components/map/live/live-units-model';
import { createUnitsLayer } from '@/components/map/layers/units-layer';
import { exposeTransformForDeck } from '@/components/map/maplibre-deck-compat';
import { encodePositionFrame, FLAG_ONLINE, readPositionFrame } from '@/domain/realtime/position-frame';

export interface PageResult {
  units: number;
  binaryApplyMs: number[];
  glideAdvanceMs: number[];
  geojsonSetDataMs: number[];
  geojsonLoadedMs: number[];
  pickedSlot: number | null;
  expectedSlot: number;
  allocationFreeApply: boolean;
}

const KINDS = ['sweeper', 'washer', 'compactor', 'toilet_service', 'lighting_repair', 'patrol_officer', 'handler', 'duty_officer'] as const;

function snapshotOf(units: number): UnitsSnapshot {
  const now = Date.now();
  return {
    epoch: 1,
    sequence: 0,
    serverTime: now,
    frameIntervalMs: 50,
    offlineAfterSeconds: 60,
    units: Array.from({ length: units }, (_, slot) => ({
      slot,
      id: slot + 1,
      code: `U${slot}`,
      kind: KINDS[slot % KINDS.length],
      name: `单元 ${slot}`,
      subDistrictCode: '310105001',
      synthetic: true,
      online: true,
      position: { lng: lngOf(slot, 0), lat: latOf(slot), speedMps: 2, headingDeg: 90, at: now - 500 },
      lastSeenAt: now - 500,
      source: 'simulator' as const,
      device: null,
    })),
  };
}

// 10,000 units on a 100 × 100 grid over Changning, each moving 1e-5° a tick.
const lngOf = (slot: number, tick: number) => 121.36 + (slot % 100) * 0.0008 + tick * 1e-5;
const latOf = (slot: number) => 31.19 + Math.floor(slot / 100) * 0.0005;

function framesOf(units: number, count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, k) =>
    encodePositionFrame(
      { epoch: 1, sequence: k + 1, serverTimeMs: Date.now() },
      Array.from({ length: units }, (_, slot) => ({
        slot,
        lng: lngOf(slot, k + 1),
        lat: latOf(slot),
        speedMps: 2,
        headingDeg: 90,
        flags: FLAG_ONLINE,
      })),
    ),
  );
}

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
const BURST = 10;

async function run(units: number, rounds: number): Promise<PageResult> {
  const container = document.getElementById('map')!;
  setWorkerUrl('/lib/maplibre-gl-worker.mjs');
  const map = new MapLibreMap({
    container,
    center: [121.4, 31.215],
    zoom: 12.5,
    attributionControl: false,
    style: {
      version: 8,
      sources: { units: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } } },
      layers: [
        { id: 'background', type: 'background', paint: { 'background-color': '#0b1726' } },
        { id: 'units', type: 'circle', source: 'units', paint: { 'circle-radius': 3, 'circle-color': '#2ecc71' } },
      ],
    },
  });
  // The command map's own MapLibre 6 ↔ deck.gl 9.4 shim, as components/map/map-canvas.tsx uses it.
  exposeTransformForDeck(map);
  await new Promise<void>((resolve) => map.once('load', () => resolve()));

  const model = new LiveUnitsModel();
  model.applySnapshot(snapshotOf(units), performance.now());
  const frames = framesOf(units, rounds);
  const overlay = new MapboxOverlay({ interleaved: true, layers: [createUnitsLayer({ live: model })] });
  map.addControl(overlay);

  // Binary, timed alone. Chromium coarsens performance.now() to 0.1 ms, so each sample is the mean of a burst of
  // BURST consecutive frames (each a different frame moving all units).
  const binaryApplyMs: number[] = [];
  const glideAdvanceMs: number[] = [];
  const positionsBefore = model.positions;
  for (let k = 0; k < rounds; k++) {
    const burst = frames.slice(0, BURST);
    let t0 = performance.now();
    for (const frame of burst) model.applyFrame(frame, t0);
    let t1 = performance.now();
    binaryApplyMs.push((t1 - t0) / BURST);
    t0 = performance.now();
    for (let g = 1; g <= BURST; g++) model.advance(t1 + g * 16);
    t1 = performance.now();
    glideAdvanceMs.push((t1 - t0) / BURST);
    model.sequence = 0;
    await nextFrame();
  }
  const allocationFreeApply = model.positions === positionsBefore;

  // Binary as the map lives it, for the whole main-thread bill (CDP task time, measured by the driver):
  // apply a frame, glide on the next animation frame, rebuild the layer, let deck.gl draw.
  await window.benchMark('binary-start');
  for (let k = 0; k < frames.length; k++) {
    model.applyFrame(frames[k], performance.now());
    model.advance(await nextFrame());
    overlay.setProps({ layers: [createUnitsLayer({ live: model })] });
  }
  await nextFrame();
  await window.benchMark('binary-end');

  // The layer draws: zoomed in so neighbours are ~50 px apart, a pick at one unit's pixel must return its slot.
  const expectedSlot = 4321;
  model.advance(performance.now() + 10_000);
  const [lng, lat] = model.positionOf(expectedSlot)!;
  map.jumpTo({ center: [lng, lat], zoom: 17 });
  overlay.setProps({ layers: [createUnitsLayer({ live: model, size: 12 })] });
  await new Promise<void>((resolve) => map.once('idle', () => resolve()));
  await nextFrame();
  const point = map.project([lng, lat]);
  const picked = overlay.pickObject({ x: point.x, y: point.y, radius: 1 });
  const pickedSlot = picked ? picked.index : null;
  map.jumpTo({ center: [121.4, 31.215], zoom: 12.5 });

  // GeoJSON: rebuild a FeatureCollection of the same positions and setData.
  const source = map.getSource('units') as unknown as { setData(data: unknown): void };
  const geojsonSetDataMs: number[] = [];
  const geojsonLoadedMs: number[] = [];
  await window.benchMark('geojson-start');
  for (let k = 0; k < frames.length; k++) {
    const loaded = new Promise<number>((resolve) => {
      const onData = (e: { sourceId?: string; isSourceLoaded?: boolean; sourceDataType?: string }) => {
        if (e.sourceId === 'units' && e.isSourceLoaded && e.sourceDataType !== 'metadata') {
          map.off('sourcedata', onData);
          resolve(performance.now());
        }
      };
      map.on('sourcedata', onData);
    });
    const t0 = performance.now();
    const features: unknown[] = [];
    readPositionFrame(frames[k], (slot, lngValue, latValue, speedMps, headingDeg) => {
      features.push({
        type: 'Feature',
        id: slot + 1,
        geometry: { type: 'Point', coordinates: [lngValue, latValue] },
        properties: { kind: KINDS[slot % KINDS.length], speedMps, headingDeg },
      });
    });
    source.setData({ type: 'FeatureCollection', features });
    const t1 = performance.now();
    const done = await loaded;
    geojsonSetDataMs.push(t1 - t0);
    geojsonLoadedMs.push(done - t0);
  }
  await nextFrame();
  await window.benchMark('geojson-end');
  map.remove();
  return { units, binaryApplyMs, glideAdvanceMs, geojsonSetDataMs, geojsonLoadedMs, pickedSlot, expectedSlot, allocationFreeApply };
}

declare global {
  interface Window {
    runFrameApplyBench(units: number, rounds: number): Promise<PageResult>;
    /** Exposed by the driver: records the page's main-thread task time at a named moment. */
    benchMark(label: string): Promise<void>;
  }
}
window.runFrameApplyBench = run;
