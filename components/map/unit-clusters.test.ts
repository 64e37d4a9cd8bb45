import { describe, expect, it } from 'vitest';
import { type ClusterPoint, clusterAtPick, clusterSegments, clusterUnits } from './unit-clusters';

/** Ten units within a few metres of each other on 延安西路, and one far off in 虹桥. */
const heap: ClusterPoint[] = [
  ...Array.from({ length: 10 }, (_, i): ClusterPoint => ({
    slot: i,
    lng: 121.42 + i * 0.00002,
    lat: 31.21,
    status: i < 7 ? 'working' : i < 9 ? 'fault' : 'idle',
  })),
  { slot: 10, lng: 121.37, lat: 31.19, status: 'working' },
];
const options = { radius: 40, maxZoom: 13 };

describe('unit clusters', () => {
  it('gathers overlapping units at district zoom and counts them by status', () => {
    const { clusters, clusteredSlots } = clusterUnits(heap, 12, options);
    expect(clusters).toHaveLength(1);
    expect(clusters[0].count).toBe(10);
    expect(clusters[0].byStatus).toEqual({ working: 7, fault: 2, idle: 1 });
    expect(clusters[0].text).toBe('10');
    expect(clusters[0].expansionZoom).toBeGreaterThan(12);
    // The heap is drawn by its cluster; the lone unit stays an icon of its own.
    expect([...clusteredSlots].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(clusteredSlots.has(10)).toBe(false);
  });

  it('breaks apart at street zoom: every unit stands alone', () => {
    const { clusters, clusteredSlots } = clusterUnits(heap, 14.5, options);
    expect(clusters).toEqual([]);
    expect(clusteredSlots.size).toBe(0);
  });

  it('splits a cluster into smaller ones as the map zooms in', () => {
    const spread: ClusterPoint[] = Array.from({ length: 8 }, (_, i) => ({
      slot: i,
      lng: 121.4 + (i % 2) * 0.01,
      lat: 31.2,
      status: 'working',
    }));
    expect(clusterUnits(spread, 11, options).clusters).toHaveLength(1);
    const closer = clusterUnits(spread, 13, options).clusters;
    expect(closer).toHaveLength(2);
    expect(closer.map((c) => c.count).sort()).toEqual([4, 4]);
  });

  it('draws a ring segment per status present, fault first, covering the ring exactly', () => {
    const segments = clusterSegments({ working: 7, fault: 2, idle: 1 });
    expect(segments.map((s) => s.status)).toEqual(['fault', 'idle', 'working']);
    expect(segments[0].from).toBe(0);
    expect(segments[0].to).toBeCloseTo(0.2);
    expect(segments.at(-1)!.to).toBeCloseTo(1);
    expect(clusterSegments({ working: 3, fault: 0, idle: 0 })).toEqual([{ status: 'working', from: 0, to: 1 }]);
  });

  it('reads a click on a clusters layer back to its cluster, and nothing from other layers', () => {
    const cluster = clusterUnits(heap, 12, options).clusters[0];
    expect(clusterAtPick({ layer: { id: 'onemap-vehicles-clusters' }, object: cluster })).toBe(cluster);
    expect(clusterAtPick({ layer: { id: 'onemap-vehicles' }, object: cluster })).toBeNull();
  });
});
