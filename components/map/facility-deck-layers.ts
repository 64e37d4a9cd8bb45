/**
 * The facility layers of the command map as deck.gl layers, in draw order, from the compact layers. Converted
 * data (typed arrays, path objects) is cached per compact layer object, so toggling a layer or selecting a
 * facility never reconverts 2,000 lights; a live status change makes a new compact layer and so new arrays.
 */
import type { Layer } from '@deck.gl/core';
import {
  type AreaDatum,
  type AreaLabelDatum,
  type PathDatum,
  type PointLayerData,
  toAreaData,
  toAreaLabels,
  toPathData,
  toPointData,
} from './compact-layer';
import { deckLayerId, DRAW_ORDER, type LayerKey, layerDef } from './layer-catalog';
import { FACILITIES_BELOW_LAYER, PARK_LABEL_SIZE, PARK_OUTLINE_WIDTH, POINT_APPEARANCE, ROAD_SEGMENT_WIDTH } from './layer-appearance';
import { createParksLayers } from './layers/parks-layer';
import { createFacilityPointsLayer } from './layers/facility-points-layer';
import { createRoadSegmentsLayer } from './layers/road-segments-layer';
import type { CompactFacilityLayer, FacilityKind } from './map-types';

const pointCache = new WeakMap<CompactFacilityLayer, PointLayerData>();
const pathCache = new WeakMap<CompactFacilityLayer, PathDatum[]>();

function pointData(layer: CompactFacilityLayer): PointLayerData {
  let data = pointCache.get(layer);
  if (!data) pointCache.set(layer, (data = toPointData(layer)));
  return data;
}

const areaCache = new WeakMap<CompactFacilityLayer, { areas: AreaDatum[]; labels: AreaLabelDatum[] }>();

function areaData(layer: CompactFacilityLayer) {
  let data = areaCache.get(layer);
  if (!data) areaCache.set(layer, (data = { areas: toAreaData(layer), labels: toAreaLabels(layer) }));
  return data;
}

function pathData(layer: CompactFacilityLayer): PathDatum[] {
  let data = pathCache.get(layer);
  if (!data) pathCache.set(layer, (data = toPathData(layer)));
  return data;
}

export interface FacilityDeckLayersInput {
  facilityLayers: Partial<Record<FacilityKind, CompactFacilityLayer>>;
  visible: ReadonlySet<LayerKey>;
  scale: number;
  selected: { kind: FacilityKind; id: number } | null;
}

/**
 * Layers whose data has not arrived yet are left out (and appear once it has), and so are layers switched off:
 * a layer is built, its data converted and its shaders compiled only when it is first shown.
 */
export function buildFacilityDeckLayers({ facilityLayers, visible, scale, selected }: FacilityDeckLayersInput): Layer[] {
  const layers: Layer[] = [];
  for (const key of DRAW_ORDER) {
    const def = layerDef(key);
    if (def.source !== 'facility' || !visible.has(key)) continue;
    const data = facilityLayers[def.kind];
    if (!data) continue;
    const common = {
      id: deckLayerId(key),
      visible: true,
      scale,
      selectedIndex: selected?.kind === def.kind ? data.ids.indexOf(selected.id) : -1,
      beforeId: FACILITIES_BELOW_LAYER,
    };
    if (data.geometry === 'polygon') {
      const { areas, labels } = areaData(data);
      layers.push(...createParksLayers({ ...common, data: areas, labels, outlineWidth: PARK_OUTLINE_WIDTH, labelSize: PARK_LABEL_SIZE }));
    } else if (data.geometry === 'path') {
      layers.push(createRoadSegmentsLayer({ ...common, data: pathData(data), width: ROAD_SEGMENT_WIDTH }));
    } else {
      layers.push(
        createFacilityPointsLayer({ ...common, data: pointData(data), ...POINT_APPEARANCE[def.kind as keyof typeof POINT_APPEARANCE] }),
      );
    }
  }
  return layers;
}

/** The facility behind a deck.gl pick on a facility layer: paths and areas are picked as parts that carry their facility's index. */
export function pickedFacilityIndex(layer: CompactFacilityLayer, pick: { index: number; object?: unknown }): number {
  return layer.geometry === 'point' ? pick.index : ((pick.object as PathDatum | AreaDatum | undefined)?.index ?? -1);
}
