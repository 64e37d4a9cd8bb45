/**
 * The spatial lookups cleansing needs, in memory and fast enough for 100,000 rows: which area a point is in (the
 * district, a sub-district, a water body), the nearest doorplate (门牌), and facilities near a point (duplicates).
 * Areas are prefiltered by their bounding boxes; doorplates are indexed with flatbush; nearby facilities sit in a
 * grid of cells about the search radius wide. Distances are metres on a local flat approximation (good to well
 * under 1 % over the tens of metres asked about here).
 */
import Flatbush from 'flatbush';
import { booleanPointInPolygon } from '@turf/turf';
import type { AreaGeometry, BBox } from '@/geo/area';
import { areaBBox } from '@/geo/area';
import type { LngLat } from '@/geo/lnglat';

const M_PER_DEG_LAT = 110_574;
const mPerDegLng = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);

export function metersBetween(a: LngLat, b: LngLat): number {
  const dx = (b[0] - a[0]) * mPerDegLng((a[1] + b[1]) / 2);
  const dy = (b[1] - a[1]) * M_PER_DEG_LAT;
  return Math.hypot(dx, dy);
}

const inBox = ([lng, lat]: LngLat, [w, s, e, n]: BBox) => lng >= w && lng <= e && lat >= s && lat <= n;

export interface NamedArea<T> {
  value: T;
  geometry: AreaGeometry;
}

/** Areas with their boxes: the first (or any) area containing a point. */
export class AreaIndex<T> {
  private readonly areas: Array<NamedArea<T> & { box: BBox }>;

  constructor(areas: ReadonlyArray<NamedArea<T>>) {
    this.areas = areas.map((a) => ({ ...a, box: areaBBox(a.geometry) }));
  }

  find(point: LngLat): T | null {
    for (const area of this.areas) if (inBox(point, area.box) && booleanPointInPolygon(point, area.geometry)) return area.value;
    return null;
  }

  /** The area whose outline passes nearest (for the slivers between coarse sub-district outlines). */
  nearest(point: LngLat): T | null {
    let best: T | null = null;
    let bestM = Infinity;
    for (const area of this.areas) {
      const polygons = area.geometry.type === 'Polygon' ? [area.geometry.coordinates] : area.geometry.coordinates;
      for (const polygon of polygons)
        for (const ring of polygon)
          for (const [lng, lat] of ring) {
            const m = metersBetween(point, [lng, lat]);
            if (m < bestM) {
              bestM = m;
              best = area.value;
            }
          }
    }
    return best;
  }
}

/** Nearest addressed point (门牌) to a position, within a radius. */
export class DoorplateIndex {
  private readonly index: Flatbush | null;
  private readonly refLat: number;

  constructor(private readonly entries: ReadonlyArray<{ address: string; lngLat: LngLat }>) {
    this.refLat = entries.length ? entries.reduce((s, e) => s + e.lngLat[1], 0) / entries.length : 31.2;
    if (!entries.length) {
      this.index = null;
      return;
    }
    // Indexed in metre-like units so flatbush's plain distance ranks by true nearness.
    const index = new Flatbush(entries.length);
    for (const e of entries) {
      const [x, y] = this.project(e.lngLat);
      index.add(x, y, x, y);
    }
    index.finish();
    this.index = index;
  }

  private project([lng, lat]: LngLat): [number, number] {
    return [lng * mPerDegLng(this.refLat), lat * M_PER_DEG_LAT];
  }

  nearest(point: LngLat, maxMeters: number): { address: string; distanceM: number } | null {
    if (!this.index) return null;
    const [x, y] = this.project(point);
    const [found] = this.index.neighbors(x, y, 1, maxMeters);
    if (found === undefined) return null;
    const entry = this.entries[found];
    return { address: entry.address, distanceM: metersBetween(point, entry.lngLat) };
  }
}

/** Points bucketed in a grid of about `cellMeters`: the candidates within that distance of a point. */
export class NearbyGrid<T> {
  private readonly cells = new Map<string, T[]>();
  private readonly cellLat: number;
  private readonly cellLng: number;

  constructor(cellMeters: number, refLat = 31.2) {
    this.cellLat = cellMeters / M_PER_DEG_LAT;
    this.cellLng = cellMeters / mPerDegLng(refLat);
  }

  private key(i: number, j: number) {
    return `${i}:${j}`;
  }

  add(point: LngLat, value: T): void {
    const k = this.key(Math.floor(point[0] / this.cellLng), Math.floor(point[1] / this.cellLat));
    const list = this.cells.get(k);
    if (list) list.push(value);
    else this.cells.set(k, [value]);
  }

  /** Everything in the 3×3 cells around the point: a superset of what lies within one cell size. */
  around(point: LngLat): T[] {
    const i = Math.floor(point[0] / this.cellLng);
    const j = Math.floor(point[1] / this.cellLat);
    const found: T[] = [];
    for (let di = -1; di <= 1; di++)
      for (let dj = -1; dj <= 1; dj++) {
        const list = this.cells.get(this.key(i + di, j + dj));
        if (list) found.push(...list);
      }
    return found;
  }
}

/** How far from a river's or canal's centre line the water reaches, in metres (OSM maps these as lines only). */
export const WATER_HALF_WIDTH_M: Readonly<Record<string, number>> = { river: 20, canal: 6 };

/** Water: inside a water polygon, or within half a river's width of its centre line. Answers the water's name ('' if unnamed). */
export class WaterIndex {
  private readonly areas: AreaIndex<string>;
  private readonly segments: Array<{ a: LngLat; b: LngLat; halfWidth: number; name: string }> = [];
  private readonly index: Flatbush | null;

  constructor(
    features: ReadonlyArray<{
      name: string;
      fclass: string;
      geometry: AreaGeometry | import('geojson').LineString | import('geojson').MultiLineString;
    }>,
  ) {
    const areas: Array<NamedArea<string>> = [];
    for (const f of features) {
      const g = f.geometry;
      if (g.type === 'Polygon' || g.type === 'MultiPolygon') areas.push({ value: f.name, geometry: g });
      else {
        const halfWidth = WATER_HALF_WIDTH_M[f.fclass];
        if (!halfWidth) continue;
        const lines = g.type === 'LineString' ? [g.coordinates] : g.coordinates;
        for (const line of lines)
          for (let i = 0; i + 1 < line.length; i++)
            this.segments.push({ a: [line[i][0], line[i][1]], b: [line[i + 1][0], line[i + 1][1]], halfWidth, name: f.name });
      }
    }
    this.areas = new AreaIndex(areas);
    if (!this.segments.length) {
      this.index = null;
      return;
    }
    const index = new Flatbush(this.segments.length);
    const pad = 30 / M_PER_DEG_LAT;
    for (const s of this.segments)
      index.add(
        Math.min(s.a[0], s.b[0]) - pad,
        Math.min(s.a[1], s.b[1]) - pad,
        Math.max(s.a[0], s.b[0]) + pad,
        Math.max(s.a[1], s.b[1]) + pad,
      );
    index.finish();
    this.index = index;
  }

  find(point: LngLat): string | null {
    const area = this.areas.find(point);
    if (area !== null) return area;
    if (!this.index) return null;
    for (const i of this.index.search(point[0], point[1], point[0], point[1])) {
      const s = this.segments[i];
      if (metersToSegment(point, s.a, s.b) <= s.halfWidth) return s.name;
    }
    return null;
  }
}

function metersToSegment(p: LngLat, a: LngLat, b: LngLat): number {
  const kx = mPerDegLng(p[1]);
  const ax = (a[0] - p[0]) * kx;
  const ay = (a[1] - p[1]) * M_PER_DEG_LAT;
  const bx = (b[0] - p[0]) * kx;
  const by = (b[1] - p[1]) * M_PER_DEG_LAT;
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2)) : 0;
  return Math.hypot(ax + t * dx, ay + t * dy);
}
