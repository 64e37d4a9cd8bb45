/**
 * What the live unit layers draw, without deck.gl: which layers exist and which kinds each holds, how big an icon
 * and a cluster ring are, and how units gather into clusters at district zoom. Shared by the deck.gl layers
 * (live-layers.ts, units-layer.ts) and the wall's snapshot placeholder, which paints the same symbols on a 2D canvas
 * before MapLibre and deck.gl have loaded (snapshot/paint-placeholder-units.ts), so both draw one picture.
 */
import { DUTY_STAFF_KINDS, GREENING_CREW_KINDS, type LayerKey, VEHICLE_KINDS } from './layer-catalog';
import type { LiveUnitsModel } from './live/live-units-model';
import type { UnitKind } from './map-types';
import { type ClusterPoint, clusterUnits, type UnitClustering } from './unit-clusters';
import { unitStatus } from './unit-symbols';

/** The unit layers in draw order, each with the kinds it draws. */
export const UNIT_LAYERS: ReadonlyArray<{ key: LayerKey; kinds: readonly UnitKind[] }> = [
  { key: 'vehicles', kinds: VEHICLE_KINDS },
  { key: 'greening-crews', kinds: GREENING_CREW_KINDS },
  { key: 'duty-staff', kinds: DUTY_STAFF_KINDS },
];

/** Up to this zoom level units that would overlap are gathered into clusters; from the next they stand alone. */
export const CLUSTER_MAX_ZOOM = 13;
/** From this zoom on (street level) each unit carries its plate or name. */
export const PLATE_ZOOM = 15;
/** Cluster radius in design pixels: units closer than this on screen share a cluster. */
const CLUSTER_RADIUS = 36;
/** Icons this size (design pixels) read across the room on the wall; the body is two thirds of it. */
export const UNIT_ICON_SIZE = 30;

/** A cluster's ring in design pixels: bigger for more units, within bounds. */
export function clusterSize(count: number): number {
  return Math.min(44, 24 + 5 * Math.log2(count));
}

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

/** One unit layer's clusters at a zoom level, on a wall of the given scale. */
export function clusterLayerUnits(model: LiveUnitsModel, kinds: readonly UnitKind[], zoom: number, scale: number): UnitClustering {
  return clusterUnits(clusterPointsOf(model, kinds), Math.floor(zoom), { radius: CLUSTER_RADIUS * scale, maxZoom: CLUSTER_MAX_ZOOM });
}
