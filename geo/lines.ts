/**
 * Polylines as arrays of [lng, lat]: their length, a point (and heading) at a distance along them, the parts that
 * lie inside an area, and equal pieces of them. Distances are metres on the spheroid.
 */
import type { LineString, MultiLineString } from 'geojson';
import { bearing, booleanPointInPolygon, distance, lineSliceAlong, lineString } from '@turf/turf';
import { areaBBox, type AreaGeometry, type BBox } from './area';
import { assertLngLat, type LngLat } from './lnglat';

export type Polyline = LngLat[];

function assertPolyline(line: Polyline, label = 'line'): void {
  if (!Array.isArray(line) || line.length < 2) throw new RangeError(`${label} needs at least two points`);
  line.forEach((point, i) => assertLngLat(point, `${label}[${i}]`));
}

function assertPositiveMeters(value: number, label: string): void {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${label} must be a finite number > 0, got ${value}`);
}

/** The polylines of a LineString or MultiLineString; parts of fewer than two points are dropped. */
export function polylinesOf(geometry: LineString | MultiLineString): Polyline[] {
  const parts = geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates;
  return parts.filter((part) => part.length >= 2).map((part) => part.map(([lng, lat]) => [lng, lat] as LngLat));
}

export function lineLengthMeters(line: Polyline): number {
  assertPolyline(line);
  let total = 0;
  for (let i = 1; i < line.length; i++) total += distance(line[i - 1], line[i], { units: 'meters' });
  return total;
}

/**
 * The point `distanceMeters` along the line (clamped to its ends) and the heading of the line there, in degrees
 * clockwise from north.
 */
export function pointAlongLine(line: Polyline, distanceMeters: number): { lngLat: LngLat; headingDeg: number } {
  assertPolyline(line);
  if (!Number.isFinite(distanceMeters)) throw new RangeError(`distanceMeters must be finite, got ${distanceMeters}`);
  let remaining = Math.max(0, distanceMeters);
  for (let i = 1; i < line.length; i++) {
    const [a, b] = [line[i - 1], line[i]];
    const step = distance(a, b, { units: 'meters' });
    if (step === 0) continue;
    if (remaining <= step || i === line.length - 1) {
      const t = Math.min(1, remaining / step);
      return { lngLat: [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t], headingDeg: (bearing(a, b) + 360) % 360 };
    }
    remaining -= step;
  }
  return { lngLat: [line[line.length - 1][0], line[line.length - 1][1]], headingDeg: 0 };
}

/** Cheap pre-test: a line whose bounding box misses the area's cannot enter it. */
function boxesOverlap(line: Polyline, [minLng, minLat, maxLng, maxLat]: BBox): boolean {
  const lngs = line.map(([lng]) => lng);
  const lats = line.map(([, lat]) => lat);
  return Math.min(...lngs) <= maxLng && Math.max(...lngs) >= minLng && Math.min(...lats) <= maxLat && Math.max(...lats) >= minLat;
}

/**
 * The stretches of the line inside the area. The line is sampled every `stepMeters`; each stretch keeps the
 * line's own vertices and ends at its last sample inside, so every vertex returned is inside the area (ends lie
 * within `stepMeters` of the edge). Stretches shorter than two distinct points are dropped.
 */
export function clipLineToArea(line: Polyline, area: AreaGeometry, stepMeters = 10): Polyline[] {
  assertPolyline(line);
  assertPositiveMeters(stepMeters, 'stepMeters');
  if (!boxesOverlap(line, areaBBox(area))) return [];

  const stretches: Polyline[] = [];
  let current: Polyline = [];
  const close = () => {
    if (current.length >= 2) stretches.push(current);
    current = [];
  };
  const add = (point: LngLat) => {
    const last = current[current.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) current.push(point);
  };

  for (let i = 1; i < line.length; i++) {
    const [a, b] = [line[i - 1], line[i]];
    const samples = Math.max(1, Math.ceil(distance(a, b, { units: 'meters' }) / stepMeters));
    // Sample 0 is the segment's start, already handled as the previous segment's end (except for the first).
    for (let k = i === 1 ? 0 : 1; k <= samples; k++) {
      const t = k / samples;
      const point: LngLat = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
      if (booleanPointInPolygon(point, area)) add(point);
      else close();
    }
  }
  close();
  // The samples were only there to find the edge: keep the line's own vertices and the stretch ends.
  return stretches.map(simplifyCollinear);
}

/** Removes interior points that lie on the straight line between their neighbours (the samples added above). */
function simplifyCollinear(line: Polyline): Polyline {
  if (line.length <= 2) return line;
  const kept: Polyline = [line[0]];
  for (let i = 1; i < line.length - 1; i++) {
    const [a, p, b] = [kept[kept.length - 1], line[i], line[i + 1]];
    const cross = (p[0] - a[0]) * (b[1] - a[1]) - (p[1] - a[1]) * (b[0] - a[0]);
    const scale = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    if (Math.abs(cross) / scale > 1e-9) kept.push(p); // ≈0.1 mm off the chord: a real bend
  }
  kept.push(line[line.length - 1]);
  return kept;
}

/** The line cut into `Math.round(length / pieceMeters)` (at least one) pieces of equal length. */
export function cutLineIntoPieces(line: Polyline, pieceMeters: number): Polyline[] {
  assertPolyline(line);
  assertPositiveMeters(pieceMeters, 'pieceMeters');
  const length = lineLengthMeters(line);
  const count = Math.max(1, Math.round(length / pieceMeters));
  if (count === 1) return [line.map(([lng, lat]) => [lng, lat] as LngLat)];
  const feature = lineString(line);
  const pieceLength = length / count;
  return Array.from({ length: count }, (_, i) =>
    lineSliceAlong(feature, i * pieceLength, (i + 1) * pieceLength, { units: 'meters' }).geometry.coordinates.map(
      ([lng, lat]) => [lng, lat] as LngLat,
    ),
  );
}
