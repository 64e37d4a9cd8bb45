/**
 * The live units' icons, drawn once in the browser from the shapes in unit-symbols.ts into one canvas atlas (no
 * image file to fetch, nothing from beyond this machine), and the clusters' status rings, drawn per distinct
 * count. Both are handed to deck.gl's IconLayer as data URLs.
 *
 *   const atlas = unitIconAtlas();        // { url, mapping } — memoised
 *   clusterIcon({ working: 9, fault: 2, idle: 1 }, 12)   // { id, url, width, height } for IconLayer auto-packing
 */
import { CJK_FONTS } from '../map-setup';
import type { UnitKind } from '../map-types';
import {
  type AtlasLayout,
  HEADING_PATH,
  SHAPE_PATHS,
  SYMBOL_BOX,
  UNIT_SHAPE,
  UNIT_STATUS_RGBA,
  unitAtlasLayout,
  type UnitStatus,
} from '../unit-symbols';
import { clusterSegments } from '../unit-clusters';
import { cssColour } from '../status-colours';

/** Atlas pixels per icon: drawn at twice the largest on-screen size (4K wall), so icons stay crisp. */
const CELL = 96;
const OUTLINE = 'rgba(4, 10, 21, 0.95)';

let atlas: { url: string; mapping: AtlasLayout['mapping'] } | null = null;

function canvas(width: number, height: number): [HTMLCanvasElement, CanvasRenderingContext2D] {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  return [c, c.getContext('2d')!];
}

export function unitIconAtlas(): { url: string; mapping: AtlasLayout['mapping'] } {
  if (atlas) return atlas;
  const layout = unitAtlasLayout(Object.keys(UNIT_SHAPE) as UnitKind[], CELL);
  const [c, ctx] = canvas(layout.width, layout.height);
  const unit = CELL / SYMBOL_BOX;
  for (const icon of layout.icons) {
    ctx.save();
    ctx.translate(icon.x, icon.y);
    ctx.scale(unit, unit);
    ctx.lineJoin = 'round';
    const body = new Path2D(SHAPE_PATHS[UNIT_SHAPE[icon.kind]]);
    ctx.lineWidth = 4;
    ctx.strokeStyle = OUTLINE;
    ctx.stroke(body);
    ctx.fillStyle = cssColour(UNIT_STATUS_RGBA[icon.status]);
    ctx.fill(body);
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
    ctx.stroke(body);
    if (icon.hasHeading) {
      const tip = new Path2D(HEADING_PATH);
      ctx.lineWidth = 3;
      ctx.strokeStyle = OUTLINE;
      ctx.stroke(tip);
      ctx.fillStyle = '#ffffff';
      ctx.fill(tip);
    }
    ctx.restore();
  }
  atlas = { url: c.toDataURL('image/png'), mapping: layout.mapping };
  return atlas;
}

export interface ClusterIcon {
  id: string;
  url: string;
  width: number;
  height: number;
}

const clusterIcons = new Map<string, ClusterIcon>();
/** Cluster icons are drawn at this many pixels and shown smaller (getSize), crisp up to a 4K wall. */
const CLUSTER_PX = 128;

export function clusterIcon(byStatus: Record<UnitStatus, number>, count: number): ClusterIcon {
  const id = `${count}:${byStatus.working}:${byStatus.fault}:${byStatus.idle}`;
  const cached = clusterIcons.get(id);
  if (cached) return cached;
  const [c, ctx] = canvas(CLUSTER_PX, CLUSTER_PX);
  const mid = CLUSTER_PX / 2;
  const outer = mid - 4;
  const ring = CLUSTER_PX * 0.16;
  ctx.beginPath();
  ctx.arc(mid, mid, outer + 3, 0, 2 * Math.PI);
  ctx.fillStyle = OUTLINE;
  ctx.fill();
  for (const { status, from, to } of clusterSegments(byStatus)) {
    ctx.beginPath();
    const start = -Math.PI / 2 + from * 2 * Math.PI;
    const end = -Math.PI / 2 + to * 2 * Math.PI;
    ctx.arc(mid, mid, outer, start, end);
    ctx.arc(mid, mid, outer - ring, end, start, true);
    ctx.closePath();
    ctx.fillStyle = cssColour(UNIT_STATUS_RGBA[status]);
    ctx.fill();
  }
  ctx.beginPath();
  ctx.arc(mid, mid, outer - ring - 2, 0, 2 * Math.PI);
  ctx.fillStyle = 'rgba(8, 20, 40, 0.96)';
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const text = String(count);
  ctx.font = `700 ${text.length > 2 ? 36 : 44}px ${CJK_FONTS}`;
  ctx.fillText(text, mid, mid + 2);
  const icon = { id, url: c.toDataURL('image/png'), width: CLUSTER_PX, height: CLUSTER_PX };
  clusterIcons.set(id, icon);
  return icon;
}
