'use client';
/**
 * The live unit layers (作业车辆, 绿化养护 and 值守人员) for the map canvas, drawn by the live module's
 * createUnitsLayer from its typed arrays: each unit its kind's shape in its status's colour, turned to its
 * heading. At district zoom the units gather into status-ringed clusters; at street zoom each carries its plate
 * (or a person's name). They are rebuilt on every animation frame in which units moved (without re-rendering
 * React) and whenever the visible layers, the zoom level, the scale or the selection change. Lives beside
 * map-canvas.tsx so deck.gl stays in the lazily loaded map chunk.
 */
import type { Layer, PickingInfo } from '@deck.gl/core';
import { useCallback, useMemo, useRef } from 'react';
import { deckLayerId, type LayerKey } from './layer-catalog';
import { createUnitClustersLayer, createUnitPlatesLayer, createUnitsLayer, unitAtPick } from './layers/units-layer';
import { useLiveAnimationFrame, useLiveUnitsModel } from './live/live-units-provider';
import type { LngLat, UnitKind } from './map-types';
import { clustersLayerIdOf, type UnitClustering } from './unit-clusters';
import { clusterLayerUnits, PLATE_ZOOM, UNIT_LAYERS } from './unit-layer-plan';

export interface LiveUnitLayersOptions {
  visible: ReadonlySet<LayerKey>;
  scale: number;
  /** The map's zoom level now (clusters below CLUSTER_MAX_ZOOM + 1, plates from PLATE_ZOOM). */
  zoom: number;
  selectedUnitId: number | null;
  /** Called on each animation frame in which units moved, with freshly built unit layers. */
  onFrame(layers: Layer[]): void;
}

export interface LiveUnitLayers {
  /** The unit layers as of now. */
  build(): Layer[];
  /** The unit a pick on one of these layers hit, or null. */
  unitIdAt(info: PickingInfo): number | null;
  /** A unit's position as drawn now (the debug hook and e2e tests read it). */
  positionOf(unitId: number): LngLat | null;
}

/** Units draw above the facilities but below the sub-district names, so the areas stay legible. */
export const UNITS_BELOW_LAYER = 'sub-district-label';
/** Clusters follow the gliding units at most this often (the icons glide every frame). */
const RECLUSTER_MS = 1000;

/** The deck layer ids of a unit layer's clusters and plates. */
export const clustersLayerId = (key: LayerKey) => clustersLayerIdOf(deckLayerId(key));
export const platesLayerId = (key: LayerKey) => `${deckLayerId(key)}-plates`;

interface ClusterCache {
  at: number;
  statusVersion: number;
  zoom: number;
  scale: number;
  result: UnitClustering;
}

export function useLiveUnitLayers({ visible, scale, zoom, selectedUnitId, onFrame }: LiveUnitLayersOptions): LiveUnitLayers {
  const model = useLiveUnitsModel();
  const shown = UNIT_LAYERS.filter((l) => visible.has(l.key));
  const shownKey = shown.map((l) => l.key).join(',');
  const level = Math.floor(zoom);
  const clusterCache = useRef(new Map<LayerKey, ClusterCache>());

  const clustering = useCallback(
    (key: LayerKey, kinds: readonly UnitKind[]): UnitClustering => {
      const now = performance.now();
      const cached = clusterCache.current.get(key);
      if (
        cached &&
        cached.zoom === level &&
        cached.scale === scale &&
        cached.statusVersion === model.statusVersion &&
        now - cached.at < RECLUSTER_MS
      )
        return cached.result;
      const result = clusterLayerUnits(model, kinds, level, scale);
      clusterCache.current.set(key, { at: now, statusVersion: model.statusVersion, zoom: level, scale, result });
      return result;
    },
    [model, level, scale],
  );

  const build = useCallback((): Layer[] => {
    const layers: Layer[] = [];
    // Layers switched off are not built at all: no shaders to compile, no icons to lay out, until first shown.
    for (const { key, kinds } of UNIT_LAYERS.filter((l) => shownKey.split(',').includes(l.key))) {
      const { clusters, clusteredSlots } = clustering(key, kinds);
      layers.push(
        createUnitsLayer({
          live: model,
          id: deckLayerId(key),
          kinds,
          scale,
          selectedUnitId,
          clustered: clusteredSlots,
          beforeId: UNITS_BELOW_LAYER,
        }),
      );
      if (clusters.length > 0)
        layers.push(createUnitClustersLayer({ id: clustersLayerId(key), clusters, scale, beforeId: UNITS_BELOW_LAYER }));
      if (level >= PLATE_ZOOM) layers.push(createUnitPlatesLayer({ live: model, id: platesLayerId(key), kinds, scale }));
    }
    return layers;
  }, [model, shownKey, scale, selectedUnitId, clustering, level]);

  useLiveAnimationFrame(() => onFrame(build()));

  return useMemo(
    () => ({
      build,
      unitIdAt: (info: PickingInfo) => unitAtPick(model, info)?.id ?? null,
      positionOf: (unitId: number) => {
        const slot = model.slotOf(unitId);
        return slot === undefined ? null : model.positionOf(slot);
      },
    }),
    [build, model],
  );
}
