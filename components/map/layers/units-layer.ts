/**
 * The live units on the map: a ScatterplotLayer drawn straight from LiveUnitsModel's typed arrays (binary
 * attributes; positions as Float32 offsets from LIVE_ORIGIN), coloured by kind and greyed when offline.
 *
 *   createUnitsLayer({ live: model, id: 'vehicles', kinds: VEHICLE_KINDS, scale, selectedUnitId })
 *   unitAtPick(model, info) → the LiveUnitInfo under a hover/click pick (info.index is the unit's slot)
 *
 * Call it again on every animation frame (useLiveAnimationFrame): it allocates only small descriptor objects;
 * positions are re-uploaded when they moved, colours and sizes only when a unit's status changed. Several layers
 * (vehicles, staff) can share one model, each drawing its own kinds: the others get radius 0, so they are neither
 * drawn nor pickable there.
 */
import { COORDINATE_SYSTEM, type PickingInfo } from '@deck.gl/core';
import { ScatterplotLayer, type ScatterplotLayerProps } from '@deck.gl/layers';
import { LIVE_ORIGIN, type LiveUnitInfo, type LiveUnitKind, type LiveUnitsModel } from '@/components/map/live/live-units-model';
import { OFFLINE_UNIT, type Rgba, UNIT_COLOURS } from '@/components/map/status-colours';
import type { InterleavedProps } from './interleaved-props';

export interface UnitsLayerOptions {
  live: LiveUnitsModel;
  id?: string;
  /** The kinds this layer draws; default all. */
  kinds?: readonly LiveUnitKind[];
  visible?: boolean;
  /** Radius in design pixels (1920×1080), multiplied by `scale` (the wall scale). */
  radius?: number;
  scale?: number;
  selectedUnitId?: number | null;
  colours?: Partial<Record<LiveUnitKind, Rgba>>;
  /** MapLibre layer to draw below (interleaved mode). */
  beforeId?: string;
  pickable?: boolean;
}

const OUTLINE: Rgba = [4, 10, 21, 230];
const HIGHLIGHT: Rgba = [255, 255, 255, 200];

export function createUnitsLayer(options: UnitsLayerOptions): ScatterplotLayer {
  const { live, id = 'live-units', visible = true, radius = 5, scale = 1, selectedUnitId = null, beforeId, pickable = true } = options;
  const style = styleBuffers(live, options.kinds, options.colours);
  const selectedSlot = selectedUnitId === null ? -1 : (live.slotOf(selectedUnitId) ?? -1);
  const props: ScatterplotLayerProps & InterleavedProps = {
    id,
    beforeId,
    visible,
    data: {
      length: live.count,
      attributes: {
        getPosition: positionAttribute(live),
        getFillColor: style.colours,
        getRadius: style.radii,
      },
    },
    coordinateSystem: COORDINATE_SYSTEM.LNGLAT_OFFSETS,
    coordinateOrigin: [LIVE_ORIGIN[0], LIVE_ORIGIN[1], 0],
    radiusUnits: 'pixels',
    radiusScale: radius * scale,
    stroked: true,
    getLineColor: OUTLINE,
    lineWidthUnits: 'pixels',
    getLineWidth: scale,
    pickable,
    autoHighlight: true,
    highlightColor: HIGHLIGHT,
    highlightedObjectIndex: selectedSlot,
  };
  return new ScatterplotLayer(props);
}

/** The unit a pick on a units layer hit, or null. */
export function unitAtPick(live: LiveUnitsModel, info: Pick<PickingInfo, 'index'>): LiveUnitInfo | null {
  return info.index >= 0 && info.index < live.count ? live.units[info.index] : null;
}

interface Attribute<T> {
  value: T;
  size: number;
}

// A new descriptor object is what tells deck.gl the buffer's contents changed; the same one means "unchanged".
const positionAttributes = new WeakMap<LiveUnitsModel, { version: number; attribute: Attribute<Float32Array> }>();

function positionAttribute(live: LiveUnitsModel): Attribute<Float32Array> {
  const cached = positionAttributes.get(live);
  if (cached && cached.version === live.positionsVersion && cached.attribute.value === live.positions) return cached.attribute;
  const attribute = { value: live.positions, size: 2 };
  positionAttributes.set(live, { version: live.positionsVersion, attribute });
  return attribute;
}

interface StyleBuffers {
  statusVersion: number;
  colours: Attribute<Uint8Array>;
  radii: Attribute<Float32Array>;
}

const styleCache = new WeakMap<LiveUnitsModel, Map<string, StyleBuffers>>();

function styleBuffers(
  live: LiveUnitsModel,
  kinds: readonly LiveUnitKind[] | undefined,
  colours: UnitsLayerOptions['colours'],
): StyleBuffers {
  const key = `${kinds?.join(',') ?? '*'}|${colours ? JSON.stringify(colours) : ''}`;
  let byKey = styleCache.get(live);
  if (!byKey) styleCache.set(live, (byKey = new Map()));
  const cached = byKey.get(key);
  if (cached && cached.statusVersion === live.statusVersion) return cached;
  const drawn = kinds ? new Set(kinds) : null;
  const palette = { ...UNIT_COLOURS, ...colours };
  const colourValues = new Uint8Array(4 * live.count);
  const radiusValues = new Float32Array(live.count);
  live.units.forEach((unit, slot) => {
    colourValues.set(live.online[slot] ? palette[unit.kind] : OFFLINE_UNIT, 4 * slot);
    radiusValues[slot] = live.hasPosition[slot] && (!drawn || drawn.has(unit.kind)) ? 1 : 0;
  });
  const buffers = { statusVersion: live.statusVersion, colours: { value: colourValues, size: 4 }, radii: { value: radiusValues, size: 1 } };
  byKey.set(key, buffers);
  return buffers;
}
