/**
 * The live units on the map: an IconLayer drawn straight from LiveUnitsModel's typed arrays (binary attributes;
 * positions as Float32 offsets from LIVE_ORIGIN). Each unit is its kind's shape (unit-symbols.ts) in its status's
 * colour, turned to its heading; units inside a cluster (unit-clusters.ts) are left to the cluster's ring.
 *
 *   createUnitsLayer({ live: model, id: 'vehicles', kinds: VEHICLE_KINDS, scale, selectedUnitId, clustered })
 *   createUnitClustersLayer({ id, clusters, scale })   the status rings with their counts (district zoom)
 *   createUnitPlatesLayer({ live, id, kinds, scale })  plates and names under the icons (street zoom)
 *   unitAtPick(model, info) → the LiveUnitInfo under a hover/click pick (info.index is the unit's slot)
 *
 * Call it again on every animation frame (useLiveAnimationFrame): positions are re-uploaded when they moved,
 * sizes and icons when a unit's status changed. Several layers (vehicles, staff) can share one model, each drawing
 * its own kinds: the others get size 0, so they are neither drawn nor pickable there.
 */
import { COORDINATE_SYSTEM, type PickingInfo } from '@deck.gl/core';
import { IconLayer, type IconLayerProps, TextLayer, type TextLayerProps } from '@deck.gl/layers';
import { LIVE_ORIGIN, type LiveUnitInfo, type LiveUnitKind, type LiveUnitsModel } from '@/components/map/live/live-units-model';
import type { Rgba } from '@/components/map/status-colours';
import { CJK_FONTS } from '../map-setup';
import type { UnitCluster } from '../unit-clusters';
import { clusterSize, UNIT_ICON_SIZE } from '../unit-layer-plan';
import { iconAngle, plateOf, unitIconKey, unitStatus, type UnitStatus } from '../unit-symbols';
import type { InterleavedProps } from './interleaved-props';
import { clusterAtlas, clusterIconKey, unitIconAtlas } from './unit-icon-atlas';

export interface UnitsLayerOptions {
  live: LiveUnitsModel;
  id?: string;
  /** The kinds this layer draws; default all. */
  kinds?: readonly LiveUnitKind[];
  visible?: boolean;
  /** Icon size in design pixels (1920×1080), multiplied by `scale` (the wall scale). */
  size?: number;
  scale?: number;
  selectedUnitId?: number | null;
  /** Slots drawn by a cluster instead (not drawn here). */
  clustered?: ReadonlySet<number>;
  /** MapLibre layer to draw below (interleaved mode). */
  beforeId?: string;
  pickable?: boolean;
}

const HIGHLIGHT: Rgba = [255, 255, 255, 140];

export function createUnitsLayer(options: UnitsLayerOptions): IconLayer {
  const {
    live,
    id = 'live-units',
    visible = true,
    size = UNIT_ICON_SIZE,
    scale = 1,
    selectedUnitId = null,
    beforeId,
    pickable = true,
  } = options;
  const style = styleBuffers(live, options.kinds, options.clustered);
  const selectedSlot = selectedUnitId === null ? -1 : (live.slotOf(selectedUnitId) ?? -1);
  const { atlas, mapping } = unitIconAtlas();
  const props: IconLayerProps & InterleavedProps = {
    id,
    beforeId,
    visible,
    data: {
      length: live.count,
      attributes: {
        getPosition: positionAttribute(live),
        getAngle: angleAttribute(live),
        getSize: style.sizes,
      },
    },
    coordinateSystem: COORDINATE_SYSTEM.LNGLAT_OFFSETS,
    coordinateOrigin: [LIVE_ORIGIN[0], LIVE_ORIGIN[1], 0],
    // A canvas is what deck.gl's image props take besides a URL (the declared type names only string | Texture).
    iconAtlas: atlas as unknown as string,
    iconMapping: mapping,
    getIcon: (_: unknown, { index }: { index: number }) =>
      unitIconKey(live.units[index].kind, style.statuses[index], !Number.isNaN(live.heading[index])),
    sizeUnits: 'pixels',
    sizeScale: size * scale,
    billboard: true,
    pickable,
    autoHighlight: true,
    highlightColor: HIGHLIGHT,
    highlightedObjectIndex: selectedSlot,
  };
  return new IconLayer(props);
}

export interface UnitClustersLayerOptions {
  id: string;
  clusters: readonly UnitCluster[];
  visible?: boolean;
  scale?: number;
  beforeId?: string;
}

export function createUnitClustersLayer({
  id,
  clusters,
  visible = true,
  scale = 1,
  beforeId,
}: UnitClustersLayerOptions): IconLayer<UnitCluster> {
  const { atlas, mapping } = clusterAtlas(clusters);
  const props: IconLayerProps<UnitCluster> & InterleavedProps = {
    id,
    beforeId,
    visible,
    data: clusters as UnitCluster[],
    getPosition: (c) => c.position,
    iconAtlas: atlas as unknown as string,
    iconMapping: mapping,
    getIcon: (c) => clusterIconKey(c),
    getSize: (c) => clusterSize(c.count),
    sizeUnits: 'pixels',
    sizeScale: scale,
    pickable: true,
  };
  return new IconLayer<UnitCluster>(props);
}

export interface PlateDatum {
  slot: number;
  text: string;
}

export interface UnitPlatesLayerOptions {
  live: LiveUnitsModel;
  id: string;
  kinds?: readonly LiveUnitKind[];
  visible?: boolean;
  scale?: number;
  size?: number;
}

const PLATE_TEXT: Rgba = [241, 245, 249, 255];
const PLATE_BACKGROUND: Rgba = [4, 10, 21, 210];
/** Plate text in design pixels. */
const PLATE_SIZE = 14;

/** The plates (vehicles) and names (staff) under each drawn unit; positions follow the glide every frame. */
export function createUnitPlatesLayer({
  live,
  id,
  kinds,
  visible = true,
  scale = 1,
  size = UNIT_ICON_SIZE,
}: UnitPlatesLayerOptions): TextLayer<PlateDatum> {
  const data = plateData(live, kinds);
  const props: TextLayerProps<PlateDatum> & InterleavedProps = {
    id,
    visible,
    data,
    getPosition: (d) => live.positionOf(d.slot) ?? [0, 0],
    getText: (d) => d.text,
    characterSet: 'auto',
    fontFamily: CJK_FONTS,
    fontWeight: 600,
    getSize: PLATE_SIZE,
    sizeUnits: 'pixels',
    sizeScale: scale,
    getColor: PLATE_TEXT,
    background: true,
    getBackgroundColor: PLATE_BACKGROUND,
    backgroundPadding: [4, 2],
    getPixelOffset: [0, (size / 2 + 2) * scale],
    getTextAnchor: 'middle',
    getAlignmentBaseline: 'top',
    pickable: false,
    updateTriggers: { getPosition: live.positionsVersion, getPixelOffset: [size, scale] },
  };
  return new TextLayer<PlateDatum>(props);
}

const plateCache = new WeakMap<LiveUnitsModel, Map<string, { statusVersion: number; data: PlateDatum[] }>>();

function plateData(live: LiveUnitsModel, kinds: readonly LiveUnitKind[] | undefined): PlateDatum[] {
  const key = kinds?.join(',') ?? '*';
  let byKey = plateCache.get(live);
  if (!byKey) plateCache.set(live, (byKey = new Map()));
  const cached = byKey.get(key);
  if (cached && cached.statusVersion === live.statusVersion) return cached.data;
  const drawn = kinds ? new Set(kinds) : null;
  const data = live.units
    .filter((u) => live.hasPosition[u.slot] && (!drawn || drawn.has(u.kind)))
    .map((u) => ({ slot: u.slot, text: plateOf(u.name) }));
  byKey.set(key, { statusVersion: live.statusVersion, data });
  return data;
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

const angleAttributes = new WeakMap<LiveUnitsModel, { version: number; attribute: Attribute<Float32Array> }>();

/** Headings as deck.gl angles (counter-clockwise degrees), refreshed with the positions. */
function angleAttribute(live: LiveUnitsModel): Attribute<Float32Array> {
  const cached = angleAttributes.get(live);
  if (cached && cached.version === live.positionsVersion && cached.attribute.value.length >= live.count) return cached.attribute;
  const value = cached && cached.attribute.value.length >= live.count ? cached.attribute.value : new Float32Array(live.heading.length);
  for (let slot = 0; slot < live.count; slot++) value[slot] = iconAngle(live.heading[slot]);
  const attribute = { value, size: 1 };
  angleAttributes.set(live, { version: live.positionsVersion, attribute });
  return attribute;
}

interface StyleBuffers {
  statusVersion: number;
  clustered: ReadonlySet<number> | undefined;
  statuses: UnitStatus[];
  sizes: Attribute<Float32Array>;
}

const styleCache = new WeakMap<LiveUnitsModel, Map<string, StyleBuffers>>();

function styleBuffers(
  live: LiveUnitsModel,
  kinds: readonly LiveUnitKind[] | undefined,
  clustered: ReadonlySet<number> | undefined,
): StyleBuffers {
  const key = kinds?.join(',') ?? '*';
  let byKey = styleCache.get(live);
  if (!byKey) styleCache.set(live, (byKey = new Map()));
  const cached = byKey.get(key);
  if (cached && cached.statusVersion === live.statusVersion && cached.clustered === clustered) return cached;
  const drawn = kinds ? new Set(kinds) : null;
  const sizeValues = new Float32Array(live.count);
  const statuses = live.units.map((unit, slot) => {
    sizeValues[slot] = live.hasPosition[slot] && (!drawn || drawn.has(unit.kind)) && !clustered?.has(slot) ? 1 : 0;
    return unitStatus(live.online[slot] === 1, unit.device);
  });
  const buffers = { statusVersion: live.statusVersion, clustered, statuses, sizes: { value: sizeValues, size: 1 } };
  byKey.set(key, buffers);
  return buffers;
}
