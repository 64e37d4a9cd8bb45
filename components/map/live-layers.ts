'use client';
/**
 * The live unit layers (作业车辆, 值守人员) for the map canvas, from the live module's createUnitsLayer once it
 * lands. Lives beside map-canvas.tsx so deck.gl stays in the lazily loaded map chunk.
 */
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { LayerKey } from './layer-catalog';
import type { LngLat } from './map-types';

export interface LiveUnitLayersOptions {
  visible: ReadonlySet<LayerKey>;
  scale: number;
  selectedUnitId: number | null;
}

export interface LiveUnitLayers {
  layers: Layer[];
  /** The unit a pick on one of these layers hit, or null. */
  unitIdAt(info: PickingInfo): number | null;
  /** A unit's current position, read at call time (the debug hook and e2e tests use it). */
  positionOf(unitId: number): LngLat | null;
}

export function useLiveUnitLayers(_options: LiveUnitLayersOptions): LiveUnitLayers {
  return { layers: [], unitIdAt: () => null, positionOf: () => null };
}
