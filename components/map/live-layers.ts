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
import { deckLayerId, DUTY_STAFF_KINDS, GREENING_CREW_KINDS, type LayerKey, VEHICLE_KINDS } from './layer-catalog';
import { createUnitClustersLayer, createUnitPlatesLayer, createUnitsLayer, unitAtPick } from './layers/units-layer';
import type { LiveUnitsModel } from './live/live-units-model';
import { useLiveAnimationFrame, useLiveUnitsModel } from './live/live-units-provider';
import type { LngLat, UnitKind } from './map-types';
import { type ClusterPoint, clustersLayerIdOf, clusterUnits, type UnitClustering } from './unit-clusters';
import { unitStatus } from './unit-symbols';

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
/** Up to this zoom level units that would overlap are gathered into clusters; from the next they stand alone. */
export const CLUSTER_MAX_ZOOM = 13;
/** From this zoom on (street level) each unit carries its plate or name. */
export const PLATE_ZOOM = 15;
/** Cluster radius in design pixels: units closer than this on screen share a cluster. */
const CLUSTER_RADIUS = 36;
/** Clusters follow the gliding units at most this often (the icons glide every frame). */
const RECLUSTER_MS = 1000;

/** The deck layer ids of a unit layer's clusters and plates. */
export const clustersLayerId = (key: LayerKey) => clustersLayerIdOf(deckLayerId(key));
export const platesLayerId = (key: LayerKey) => `${deckLayerId(key)}-plates`;

const UNIT_LAYERS: ReadonlyArray<{ key: LayerKey; kinds: readonly UnitKind[] }> = [
  { key: 'vehicles', kinds: VEHICLE_KINDS },
  { key: 'greening-crews', kinds: GREENING_CREW_KINDS },
  { key: 'duty-staff', kinds: DUTY_STAFF_KINDS },
];

/** The points supercluster gathers: the layer's units that have a position, with their status. */
export function clusterPointsOf(model: LiveUnitsModel, kinds: readonly UnitKind[]): ClusterPoint[] {
  const drawn = new Set<UnitKind>(kinds);
  const points: ClusterPoint[] = [];
  for (const unit of model.units) {
    const position = drawn.has(unit.kind) ? model.positionOf(unit.slot) : null;
    if (position)
      points.push({ slot: unit.slot, lng: position[0], lat: position[1], status: unitStatus(model.online[unit.slot] === 1, unit.device) });
  }
  return points;
}

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
      const result = clusterUnits(clusterPointsOf(model, kinds), level, { radius: CLUSTER_RADIUS * scale, maxZoom: CLUSTER_MAX_ZOOM });
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
