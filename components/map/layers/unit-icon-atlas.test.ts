import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UnitCluster } from '../unit-clusters';
import { clusterAtlas } from './unit-icon-atlas';

/** A 2D context that accepts every drawing call and draws nothing (the rings' pixels are not under test). */
const inertContext = new Proxy({}, { get: () => () => ({ width: 0 }), set: () => true });

function cluster(count: number, fault = 0): UnitCluster {
  return {
    id: count,
    position: [121.4, 31.2],
    count,
    byStatus: { working: count - fault, fault, idle: 0 },
    expansionZoom: 14,
    text: String(count),
  };
}

describe('cluster ring atlas', () => {
  let canvasesDrawn = 0;
  beforeEach(() => {
    canvasesDrawn = 0;
    vi.stubGlobal('document', {
      createElement: () => {
        canvasesDrawn++;
        return { width: 0, height: 0, getContext: () => inertContext };
      },
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('draws each layer’s ring set once while vehicles, crews and staff ask in turn every frame', () => {
    const vehicles = [cluster(12, 2), cluster(5)];
    const crews = [cluster(3)];
    const staff = [cluster(40, 1), cluster(7), cluster(2)];
    const first = [clusterAtlas(vehicles), clusterAtlas(crews), clusterAtlas(staff)];
    for (let frame = 0; frame < 30; frame++) {
      expect([clusterAtlas(vehicles), clusterAtlas(crews), clusterAtlas(staff)].map((a) => a.atlas)).toEqual(first.map((a) => a.atlas));
    }
    expect(canvasesDrawn).toBe(3);
  });

  it('draws a new atlas when a layer’s counts change, holding a ring for each distinct cluster', () => {
    const before = clusterAtlas([cluster(9), cluster(4)]);
    const after = clusterAtlas([cluster(9), cluster(4, 1)]);
    expect(after.atlas).not.toBe(before.atlas);
    expect(Object.keys(after.mapping).sort()).toEqual(['4:3:1:0', '9:9:0:0']);
  });
});
