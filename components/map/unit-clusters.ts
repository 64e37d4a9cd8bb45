/**
 * Live units gathered into clusters at district zoom (supercluster), each counting its units by status, so the
 * wall shows "12 here, 2 with an alarm, 1 offline" instead of a heap of overlapping icons. Units a cluster holds
 * are not drawn as icons; from `maxZoom + 1` on every unit stands alone. Pure: tested in Node.
 *
 *   const { clusters, clusteredSlots } = clusterUnits(points, 12, { radius: 44, maxZoom: 14 });
 *   clusters[0] → { id, position: [lng, lat], count: 12, byStatus: { working: 9, fault: 2, idle: 1 }, expansionZoom: 13, text: '12' }
 */
import Supercluster from 'supercluster';
import { UNIT_STATUSES, type UnitStatus } from './unit-symbols';

export interface ClusterPoint {
  slot: number;
  lng: number;
  lat: number;
  status: UnitStatus;
}

export interface UnitCluster {
  id: number;
  position: [number, number];
  count: number;
  byStatus: Record<UnitStatus, number>;
  /** The zoom at which this cluster falls apart: a click on it zooms there. */
  expansionZoom: number;
  /** The count as written on the cluster (also what the debug hook reports as its label). */
  text: string;
}

export interface ClusterOptions {
  /** Cluster radius in screen pixels at the map's zoom. */
  radius: number;
  /** The last zoom level at which units are still clustered. */
  maxZoom: number;
}

export interface UnitClustering {
  clusters: UnitCluster[];
  /** Slots of the units inside some cluster (not drawn on their own). */
  clusteredSlots: Set<number>;
}

type Counts = Record<UnitStatus, number>;
type PointProps = { slot: number; status: UnitStatus };

const NONE: UnitClustering = { clusters: [], clusteredSlots: new Set() };
const WORLD: [number, number, number, number] = [-180, -85, 180, 85];

function countsOf(status: UnitStatus): Counts {
  const counts = { working: 0, fault: 0, idle: 0 };
  counts[status] = 1;
  return counts;
}

/** Clusters at integer zoom `Math.floor(zoom)`; none above `maxZoom`. */
export function clusterUnits(points: readonly ClusterPoint[], zoom: number, { radius, maxZoom }: ClusterOptions): UnitClustering {
  const level = Math.floor(zoom);
  if (points.length < 2 || level > maxZoom) return NONE;
  const index = new Supercluster<PointProps, Counts>({
    radius,
    maxZoom,
    minPoints: 2,
    map: (p) => countsOf(p.status),
    reduce: (total, part) => {
      for (const status of UNIT_STATUSES) total[status] += part[status];
    },
  });
  index.load(points.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lng, p.lat] }, properties: p })));
  const clusters: UnitCluster[] = [];
  const clusteredSlots = new Set<number>();
  for (const feature of index.getClusters(WORLD, level)) {
    const props = feature.properties;
    if (!('cluster' in props) || !props.cluster) continue;
    const [lng, lat] = feature.geometry.coordinates;
    for (const leaf of index.getLeaves(props.cluster_id, Infinity)) clusteredSlots.add(leaf.properties.slot);
    clusters.push({
      id: props.cluster_id,
      position: [lng, lat],
      count: props.point_count,
      byStatus: { working: props.working, fault: props.fault, idle: props.idle },
      expansionZoom: index.getClusterExpansionZoom(props.cluster_id),
      text: String(props.point_count),
    });
  }
  return { clusters, clusteredSlots };
}

/** The share of a cluster's ring each status takes, in drawing order (fault first, so it is never a sliver lost). */
export function clusterSegments(byStatus: Record<UnitStatus, number>): Array<{ status: UnitStatus; from: number; to: number }> {
  const total = UNIT_STATUSES.reduce((sum, s) => sum + byStatus[s], 0);
  if (total === 0) return [];
  const segments: Array<{ status: UnitStatus; from: number; to: number }> = [];
  let at = 0;
  for (const status of ['fault', 'idle', 'working'] as const) {
    if (byStatus[status] === 0) continue;
    const to = at + byStatus[status] / total;
    segments.push({ status, from: at, to });
    at = to;
  }
  return segments;
}

/** The deck layer id of a unit layer's clusters. */
export function clustersLayerIdOf(unitLayerId: string): string {
  return `${unitLayerId}-clusters`;
}

/** The cluster under a deck.gl pick on a clusters layer, or null. */
export function clusterAtPick(info: { layer?: { id: string } | null; object?: unknown }): UnitCluster | null {
  return info.layer?.id.endsWith('-clusters') ? ((info.object as UnitCluster | undefined) ?? null) : null;
}
