/**
 * The live units painted on a 2D canvas over a base-map snapshot, as the wall's unit layers draw them: the same
 * clusters with their status rings at district zoom, the same icons (one atlas, unit-icon-atlas.ts) in their
 * status colour turned to their heading, the same sizes. deck.gl takes over once MapLibre has loaded; until then
 * this is what the room sees, so it must match.
 */
import type { LayerKey } from '../layer-catalog';
import { clusterAtlas, clusterIconKey, unitIconAtlas } from '../layers/unit-icon-atlas';
import type { LiveUnitsModel } from '../live/live-units-model';
import { clusterLayerUnits, clusterSize, UNIT_ICON_SIZE, UNIT_LAYERS } from '../unit-layer-plan';
import { iconAngle, unitIconKey, unitStatus } from '../unit-symbols';
import type { SnapshotCamera } from '@/domain/map/base-map-snapshot';
import { viewProjector } from './web-mercator';

export interface PlaceholderView {
  camera: SnapshotCamera;
  /** CSS pixels. */
  width: number;
  height: number;
  pixelRatio: number;
  /** The wall scale (design pixels → CSS pixels). */
  scale: number;
}

type Frame = { x: number; y: number; width: number; height: number };

function drawIcon(ctx: CanvasRenderingContext2D, atlas: HTMLCanvasElement, frame: Frame, at: [number, number], size: number, angleCcw = 0) {
  const height = size;
  const width = (frame.width / frame.height) * size;
  ctx.save();
  ctx.translate(at[0], at[1]);
  if (angleCcw) ctx.rotate((-angleCcw * Math.PI) / 180);
  ctx.drawImage(atlas, frame.x, frame.y, frame.width, frame.height, -width / 2, -height / 2, width, height);
  ctx.restore();
}

/** Paints every shown unit layer's clusters and lone units over what the canvas holds, bottom layer first. */
export function paintPlaceholderUnits(
  ctx: CanvasRenderingContext2D,
  model: LiveUnitsModel,
  visible: ReadonlySet<LayerKey>,
  view: PlaceholderView,
): number {
  const { camera, width, height, pixelRatio, scale } = view;
  ctx.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
  const units = unitIconAtlas();
  const project = viewProjector(camera, width, height);
  const margin = 64 * scale;
  const onView = ([x, y]: [number, number]) => x > -margin && y > -margin && x < width + margin && y < height + margin;
  let painted = 0;
  for (const { key, kinds } of UNIT_LAYERS) {
    if (!visible.has(key)) continue;
    const drawn = new Set<string>(kinds);
    const { clusters, clusteredSlots } = clusterLayerUnits(model, kinds, camera.zoom, scale);
    for (const unit of model.units) {
      const position = drawn.has(unit.kind) && !clusteredSlots.has(unit.slot) ? model.positionOf(unit.slot) : null;
      if (!position) continue;
      const at = project(position);
      if (!onView(at)) continue;
      const heading = model.heading[unit.slot];
      const icon = unitIconKey(unit.kind, unitStatus(model.online[unit.slot] === 1, unit.device), !Number.isNaN(heading));
      drawIcon(ctx, units.atlas, units.mapping[icon], at, UNIT_ICON_SIZE * scale, iconAngle(heading));
      painted++;
    }
    if (clusters.length === 0) continue;
    const rings = clusterAtlas(clusters);
    for (const cluster of clusters) {
      const at = project(cluster.position);
      if (!onView(at)) continue;
      drawIcon(ctx, rings.atlas, rings.mapping[clusterIconKey(cluster)], at, clusterSize(cluster.count) * scale);
      painted++;
    }
  }
  return painted;
}
