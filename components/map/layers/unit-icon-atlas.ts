/**
 * The live units' icons, drawn once in the browser from the shapes in unit-symbols.ts into one canvas atlas (no
 * image file to fetch, nothing from beyond this machine), and the clusters' status rings, drawn per distinct
 * count. Both are handed to deck.gl's IconLayer as canvases with their mapping (prepacked atlases): no URL is
 * fetched, not even a data: URL, which the page's Content Security Policy (connect-src 'self') would refuse.
 *
 *   const { atlas, mapping } = unitIconAtlas();         // memoised
 *   const { atlas, mapping } = clusterAtlas(clusters);  // memoised for the same set of rings; key: clusterIconKey(c)
 */
import { CJK_FONTS } from '../map-setup';
import type { UnitKind } from '../map-types';
import { cssColour } from '../status-colours';
import { clusterSegments, type UnitCluster } from '../unit-clusters';
import { HEADING_PATH, SHAPE_PATHS, SYMBOL_BOX, UNIT_SHAPE, UNIT_STATUS_RGBA, unitAtlasLayout, type UnitStatus } from '../unit-symbols';

/** Atlas pixels per icon: drawn at about twice the largest on-screen size (4K wall), so icons stay crisp. */
const CELL = 96;
const OUTLINE = 'rgba(4, 10, 21, 0.95)';

export interface CanvasAtlas {
  atlas: HTMLCanvasElement;
  mapping: Record<string, { x: number; y: number; width: number; height: number; mask: false }>;
}

function canvas(width: number, height: number): [HTMLCanvasElement, CanvasRenderingContext2D] {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  return [c, c.getContext('2d')!];
}

let unitAtlas: CanvasAtlas | null = null;

export function unitIconAtlas(): CanvasAtlas {
  if (unitAtlas) return unitAtlas;
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
  unitAtlas = { atlas: c, mapping: layout.mapping };
  return unitAtlas;
}

/** Cluster rings are drawn at this many pixels and shown smaller (getSize), crisp up to a 4K wall. */
const CLUSTER_PX = 128;
const CLUSTER_COLUMNS = 8;

/** A ring's name in the cluster atlas: the same counts draw the same ring. */
export function clusterIconKey({ count, byStatus }: Pick<UnitCluster, 'count' | 'byStatus'>): string {
  return `${count}:${byStatus.working}:${byStatus.fault}:${byStatus.idle}`;
}

/** Recent ring sets by key: each unit layer (vehicles, crews, staff) draws its own set every frame. */
const clusterAtlases = new Map<string, CanvasAtlas>();
const CLUSTER_ATLASES_KEPT = 12;

/**
 * One canvas holding a ring for each distinct cluster drawn now; a set drawn recently reuses its canvas. Every unit
 * layer asks on every animation frame, so a one-entry cache would redraw (and deck.gl re-upload) each layer's atlas
 * in turn, every frame.
 */
export function clusterAtlas(clusters: readonly UnitCluster[]): CanvasAtlas {
  const keys = [...new Set(clusters.map(clusterIconKey))].sort();
  const key = keys.join('|');
  const cached = clusterAtlases.get(key);
  if (cached) return cached;
  const rows = Math.max(1, Math.ceil(keys.length / CLUSTER_COLUMNS));
  const [c, ctx] = canvas(CLUSTER_COLUMNS * CLUSTER_PX, rows * CLUSTER_PX);
  const mapping: CanvasAtlas['mapping'] = {};
  const byKey = new Map(clusters.map((cluster) => [clusterIconKey(cluster), cluster]));
  keys.forEach((k, i) => {
    const x = (i % CLUSTER_COLUMNS) * CLUSTER_PX;
    const y = Math.floor(i / CLUSTER_COLUMNS) * CLUSTER_PX;
    const cluster = byKey.get(k)!;
    ctx.save();
    ctx.translate(x, y);
    drawRing(ctx, cluster.byStatus, cluster.count);
    ctx.restore();
    mapping[k] = { x, y, width: CLUSTER_PX, height: CLUSTER_PX, mask: false };
  });
  const value: CanvasAtlas = { atlas: c, mapping };
  clusterAtlases.set(key, value);
  // Map keeps insertion order: drop the oldest set beyond the limit.
  if (clusterAtlases.size > CLUSTER_ATLASES_KEPT) clusterAtlases.delete(clusterAtlases.keys().next().value!);
  return value;
}

/** A ring split by status (fault first, from twelve o'clock), a dark disc, the count in white. */
function drawRing(ctx: CanvasRenderingContext2D, byStatus: Record<UnitStatus, number>, count: number): void {
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
}
