/**
 * Addressed places the simulated staff walk between, with a coarse grid so "places within 600 m" is a look at
 * nine cells rather than a scan of every address.
 */
import type { LngLat } from '@/db/st';
import { metresBetween } from './local-geometry';

export interface SimPlace {
  lngLat: LngLat;
  subDistrictCode: string | null;
}

/** ≈ 500 m × 550 m cells at Shanghai's latitude. */
const CELL_DEG = 0.005;

export class PlaceIndex {
  private readonly cells = new Map<string, number[]>();
  private readonly bySubDistrict = new Map<string, number[]>();

  constructor(private readonly places: readonly SimPlace[]) {
    places.forEach((place, i) => {
      pushTo(this.cells, cellKey(cellOf(place.lngLat[0]), cellOf(place.lngLat[1])), i);
      if (place.subDistrictCode) pushTo(this.bySubDistrict, place.subDistrictCode, i);
    });
  }

  get size(): number {
    return this.places.length;
  }

  lngLat(index: number): LngLat {
    return this.places[index].lngLat;
  }

  /** Indexes of places in a sub-district (all places when it has none). */
  inSubDistrict(code: string): readonly number[] {
    return this.bySubDistrict.get(code) ?? this.places.map((_, i) => i);
  }

  /** Other places within `radiusMetres` (up to about one cell, which is what the grid searches). */
  near(index: number, radiusMetres: number): number[] {
    const origin = this.places[index].lngLat;
    const cx = cellOf(origin[0]);
    const cy = cellOf(origin[1]);
    const found: number[] = [];
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const i of this.cells.get(cellKey(cx + dx, cy + dy)) ?? []) {
          if (i !== index && metresBetween(origin, this.places[i].lngLat) <= radiusMetres) found.push(i);
        }
      }
    }
    return found;
  }

  nearest(p: LngLat): number {
    let best = 0;
    let bestMetres = Infinity;
    this.places.forEach((place, i) => {
      const d = metresBetween(p, place.lngLat);
      if (d < bestMetres) {
        bestMetres = d;
        best = i;
      }
    });
    return best;
  }
}

function pushTo(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const cellOf = (degrees: number) => Math.floor(degrees / CELL_DEG);
const cellKey = (x: number, y: number) => `${x}:${y}`;
