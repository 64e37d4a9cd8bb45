/**
 * The road network the simulated vehicles drive on, built from the base map's road lines: every vertex is a node,
 * consecutive vertices are joined both ways, and lines that share a vertex (OSM junction nodes) meet there. Only
 * the largest connected part is kept, so no vehicle is stranded on a fragment cut off by clipping.
 */
import type { LngLat } from '@/db/st';
import { metresBetween } from './local-geometry';

export interface RoadEdge {
  to: number;
  metres: number;
}

export class RoadGraph {
  private constructor(
    readonly nodes: readonly LngLat[],
    readonly edges: readonly (readonly RoadEdge[])[],
  ) {}

  static fromLines(lines: readonly (readonly LngLat[])[]): RoadGraph {
    const index = new Map<string, number>();
    const nodes: LngLat[] = [];
    const edges: RoadEdge[][] = [];
    const nodeOf = (p: LngLat) => {
      // 1e-6° ≈ 10 cm: vertices that are the same junction coincide after rounding.
      const key = `${p[0].toFixed(6)},${p[1].toFixed(6)}`;
      let id = index.get(key);
      if (id === undefined) {
        id = nodes.length;
        index.set(key, id);
        nodes.push([p[0], p[1]]);
        edges.push([]);
      }
      return id;
    };
    for (const line of lines) {
      for (let i = 1; i < line.length; i++) {
        const a = nodeOf(line[i - 1]);
        const b = nodeOf(line[i]);
        if (a === b || edges[a].some((e) => e.to === b)) continue;
        const metres = metresBetween(nodes[a], nodes[b]);
        edges[a].push({ to: b, metres });
        edges[b].push({ to: a, metres });
      }
    }
    return RoadGraph.largestComponent(nodes, edges);
  }

  get size(): number {
    return this.nodes.length;
  }

  nearestNode(p: LngLat): number {
    let best = 0;
    let bestMetres = Infinity;
    for (let i = 0; i < this.nodes.length; i++) {
      const d = metresBetween(p, this.nodes[i]);
      if (d < bestMetres) {
        bestMetres = d;
        best = i;
      }
    }
    return best;
  }

  private static largestComponent(nodes: LngLat[], edges: RoadEdge[][]): RoadGraph {
    const component = new Int32Array(nodes.length).fill(-1);
    let best = -1;
    let bestSize = 0;
    for (let start = 0, c = 0; start < nodes.length; start++) {
      if (component[start] !== -1) continue;
      let size = 0;
      const stack = [start];
      component[start] = c;
      while (stack.length > 0) {
        const n = stack.pop()!;
        size++;
        for (const e of edges[n]) {
          if (component[e.to] === -1) {
            component[e.to] = c;
            stack.push(e.to);
          }
        }
      }
      if (size > bestSize) {
        bestSize = size;
        best = c;
      }
      c++;
    }
    const renumber = new Int32Array(nodes.length).fill(-1);
    const keptNodes: LngLat[] = [];
    for (let i = 0; i < nodes.length; i++) {
      if (component[i] === best && edges[i].length > 0) renumber[i] = keptNodes.push(nodes[i]) - 1;
    }
    const keptEdges = nodes
      .map((_, i) => i)
      .filter((i) => renumber[i] !== -1)
      .map((i) => edges[i].map((e) => ({ to: renumber[e.to], metres: e.metres })));
    return new RoadGraph(keptNodes, keptEdges);
  }
}
