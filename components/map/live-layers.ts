'use client';
/**
 * The live unit layers (作业车辆 and 值守人员) for the map canvas, drawn by the live module's createUnitsLayer from
 * its typed arrays. They are rebuilt on every animation frame in which units moved (without re-rendering React)
 * and whenever the visible layers, the scale or the selection change. Lives beside map-canvas.tsx so deck.gl stays
 * in the lazily loaded map chunk.
 */
import type { Layer, PickingInfo } from '@deck.gl/core';
import { useCallback, useMemo } from 'react';
import { deckLayerId, DUTY_STAFF_KINDS, GREENING_CREW_KINDS, type LayerKey, VEHICLE_KINDS } from './layer-catalog';
import { createUnitsLayer, unitAtPick } from './layers/units-layer';
import { useLiveAnimationFrame, useLiveUnitsModel } from './live/live-units-provider';
import type { LngLat } from './map-types';
import { UNIT_COLOURS } from './status-colours';

export interface LiveUnitLayersOptions {
  visible: ReadonlySet<LayerKey>;
  scale: number;
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
const UNITS_BELOW_LAYER = 'sub-district-label';
/** Vehicles and staff are drawn a little larger than facilities: they are what moves. */
const VEHICLE_RADIUS = 5;
const STAFF_RADIUS = 5.5;

export function useLiveUnitLayers({ visible, scale, selectedUnitId, onFrame }: LiveUnitLayersOptions): LiveUnitLayers {
  const model = useLiveUnitsModel();
  const showVehicles = visible.has('vehicles');
  const showStaff = visible.has('duty-staff');
  const showCrews = visible.has('greening-crews');

  const build = useCallback(
    (): Layer[] => [
      createUnitsLayer({
        live: model,
        id: deckLayerId('vehicles'),
        kinds: VEHICLE_KINDS,
        visible: showVehicles,
        radius: VEHICLE_RADIUS,
        scale,
        selectedUnitId,
        colours: UNIT_COLOURS,
        beforeId: UNITS_BELOW_LAYER,
      }),
      createUnitsLayer({
        live: model,
        id: deckLayerId('greening-crews'),
        kinds: GREENING_CREW_KINDS,
        visible: showCrews,
        radius: VEHICLE_RADIUS,
        scale,
        selectedUnitId,
        colours: UNIT_COLOURS,
        beforeId: UNITS_BELOW_LAYER,
      }),
      createUnitsLayer({
        live: model,
        id: deckLayerId('duty-staff'),
        kinds: DUTY_STAFF_KINDS,
        visible: showStaff,
        radius: STAFF_RADIUS,
        scale,
        selectedUnitId,
        colours: UNIT_COLOURS,
        beforeId: UNITS_BELOW_LAYER,
      }),
    ],
    [model, showVehicles, showStaff, showCrews, scale, selectedUnitId],
  );

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
