/**
 * Turns a compact facility layer (columns from map.layer) into what deck.gl draws without per-object work:
 * typed arrays for positions and colours (binary attributes), or path objects for road segments. Also reads
 * one facility back by index (picking) and applies a live status change. Pure: no React, no deck.gl.
 */
import type { CompactFacilityLayer, FacilityKind, LngLat } from './map-types';
import { gradeColour, type Rgba, statusColour } from './status-colours';

export interface PointLayerData {
  kind: FacilityKind;
  length: number;
  /** lng, lat per facility. */
  positions: Float64Array;
  /** RGBA per facility, 0–255 (clamped bytes: deck.gl's own type for normalised colours). */
  colours: Uint8ClampedArray;
}

export interface PathDatum {
  /** Index of the facility in its compact layer. */
  index: number;
  /** Flat lng, lat, … (deck.gl's positionFormat 'XY'). */
  path: number[];
  colour: Rgba;
}

/** One part of an area facility (a park): its rings as [lng, lat] lists, for deck.gl's PolygonLayer. */
export interface AreaDatum {
  /** Index of the facility in its compact layer. */
  index: number;
  rings: LngLat[][];
  colour: Rgba;
  line: Rgba;
}

/** A named area's name at its label point. */
export interface AreaLabelDatum {
  index: number;
  text: string;
  position: LngLat;
}

/** One facility as the tooltip and the picking handler need it. */
export interface FacilityFeature {
  id: number;
  kind: FacilityKind;
  name: string;
  status: string;
  subDistrictCode: string;
  synthetic: boolean;
  /** Points only; paths give the picked coordinate instead. */
  position: LngLat | null;
  /** Road segments only ('' when none). */
  grade: string;
  /** Areas only: the outline's own area in m²; null otherwise. */
  areaSquareMeters: number | null;
}

export function statusAt(layer: CompactFacilityLayer, index: number): string {
  return layer.statuses[layer.status[index]] ?? '';
}

export function toPointData(layer: CompactFacilityLayer): PointLayerData {
  const length = layer.geometry === 'point' ? layer.count : 0;
  const positions = Float64Array.from(layer.positions.slice(0, length * 2));
  const colours = new Uint8ClampedArray(length * 4);
  // One colour per distinct status, not per facility: the dictionary is tiny.
  const palette = layer.statuses.map((s) => statusColour(layer.kind, s));
  for (let i = 0; i < length; i++) colours.set(palette[layer.status[i]] ?? statusColour(layer.kind, ''), i * 4);
  return { kind: layer.kind, length, positions, colours };
}

export function toPathData(layer: CompactFacilityLayer): PathDatum[] {
  if (layer.geometry !== 'path') return [];
  const data: PathDatum[] = [];
  layer.paths.forEach((parts, index) => {
    const colour = layer.grades[index] ? gradeColour(layer.grades[index], layer.grades) : statusColour(layer.kind, statusAt(layer, index));
    for (const path of parts) if (path.length >= 4) data.push({ index, path, colour });
  });
  return data;
}

/** Edges a touch more opaque than the fill, so neighbouring and nested outlines stay apart. */
function outlineOf([r, g, b]: Rgba): Rgba {
  return [r, g, b, 230];
}

export function toAreaData(layer: CompactFacilityLayer): AreaDatum[] {
  if (layer.geometry !== 'polygon') return [];
  const data: AreaDatum[] = [];
  layer.polygons.forEach((polygons, index) => {
    const colour = statusColour(layer.kind, statusAt(layer, index));
    for (const rings of polygons) {
      const asPairs = rings.map((ring) => {
        const pairs: LngLat[] = [];
        for (let i = 0; i + 1 < ring.length; i += 2) pairs.push([ring[i], ring[i + 1]]);
        return pairs;
      });
      if (asPairs[0]?.length >= 3) data.push({ index, rings: asPairs, colour, line: outlineOf(colour) });
    }
  });
  return data;
}

/** Names to draw on the map: only the areas with a name of their own (the layer's `labels`; '' for the rest). */
export function toAreaLabels(layer: CompactFacilityLayer): AreaLabelDatum[] {
  if (layer.geometry !== 'polygon') return [];
  const labels: AreaLabelDatum[] = [];
  layer.labels.forEach((text, index) => {
    if (text) labels.push({ index, text, position: [layer.positions[index * 2], layer.positions[index * 2 + 1]] });
  });
  return labels;
}

export function facilityAt(layer: CompactFacilityLayer, index: number): FacilityFeature | null {
  if (index < 0 || index >= layer.count) return null;
  return {
    id: layer.ids[index],
    kind: layer.kind,
    name: layer.names[index],
    status: statusAt(layer, index),
    subDistrictCode: layer.subDistricts[layer.subDistrict[index]] ?? '',
    synthetic: layer.synthetic[index] === 1,
    position: layer.geometry === 'path' ? null : [layer.positions[index * 2], layer.positions[index * 2 + 1]],
    grade: layer.grades[index] ?? '',
    areaSquareMeters: layer.geometry === 'polygon' ? (layer.areas[index] ?? null) : null,
  };
}

/** The layer with one facility's status changed (a live 'facility:status' event); the same layer if unknown. */
export function withStatus(layer: CompactFacilityLayer, facilityId: number, status: string): CompactFacilityLayer {
  const index = layer.ids.indexOf(facilityId);
  if (index < 0 || statusAt(layer, index) === status) return layer;
  let code = layer.statuses.indexOf(status);
  const statuses = code < 0 ? [...layer.statuses, status] : layer.statuses;
  if (code < 0) code = statuses.length - 1;
  const next = layer.status.slice();
  next[index] = code;
  return { ...layer, statuses, status: next };
}

/** Facilities per status in a layer, in dictionary order: for the legend. */
export function statusCounts(layer: CompactFacilityLayer): Array<{ status: string; count: number }> {
  const counts = layer.statuses.map((status) => ({ status, count: 0 }));
  for (const code of layer.status) counts[code].count++;
  return counts.filter((c) => c.count > 0);
}
