/**
 * Approximate street lines derived from the gazetteer, for a base map that has no street layer of its own.
 *
 * Addressed points that share a road name lie along that road (set back by a compound's depth). Per road: order the
 * points along their principal axis, drop the ones far off the chain (a 居委会 filed under a road it is not on),
 * smooth with a running median so set-backs on both sides average out, split where addresses stop for a long
 * stretch, stretch each end to the nearest traffic signal or crossing ahead (addresses stop short of the corner),
 * and simplify. The result is drawn and labelled as approximate; a surveyed or OSM street layer replaces it.
 */
import { lineString, simplify } from '@turf/turf';
import type { LngLat } from './lnglat';
import type { Polyline } from './lines';

export interface AddressedPoint {
  road: string;
  lngLat: LngLat;
}

export interface ApproximateStreet {
  name: string;
  line: Polyline;
  /** How many addressed points the line was drawn through. */
  points: number;
}

export interface DeriveOptions {
  /** Fewer points than this under one name give no line. */
  minPoints?: number;
  /** A point farther than this from the first smoothed chain is dropped. */
  outlierMeters?: number;
  /** Consecutive points farther apart than this split the line. */
  gapMeters?: number;
  /** Ends stretch to a signal or crossing at most this far ahead. */
  snapMeters?: number;
}

const DEFAULTS: Required<DeriveOptions> = { minPoints: 3, outlierMeters: 350, gapMeters: 1600, snapMeters: 300 };
const METERS_PER_DEG_LAT = 111_320;
/** Only names of roads: 天山二村 or 新泾三村 are estates, not streets. */
const STREET_NAME = /(路|街|道|弄|巷)$/;
const BIN_METERS = 250;
/** Shorter stretches of addresses say too little about where the street runs. */
const MIN_LINE_METERS = 80;
const SIMPLIFY_METERS = 25;

/** A local metric frame (equirectangular about a centre): good to a few metres across a district. */
function frameAt(origin: LngLat) {
  const kx = METERS_PER_DEG_LAT * Math.cos((origin[1] * Math.PI) / 180);
  return {
    toXY: ([lng, lat]: LngLat): [number, number] => [(lng - origin[0]) * kx, (lat - origin[1]) * METERS_PER_DEG_LAT],
    toLngLat: ([x, y]: [number, number]): LngLat => [origin[0] + x / kx, origin[1] + y / METERS_PER_DEG_LAT],
  };
}

type XY = [number, number];

/** The unit direction of greatest spread (principal axis) of points about their mean. */
function principalAxis(points: readonly XY[]): { mean: XY; dir: XY } {
  const n = points.length;
  const mean: XY = [points.reduce((s, p) => s + p[0], 0) / n, points.reduce((s, p) => s + p[1], 0) / n];
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const [x, y] of points) {
    const dx = x - mean[0];
    const dy = y - mean[1];
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  return { mean, dir: [Math.cos(angle), Math.sin(angle)] };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const dist = (a: XY, b: XY) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** A point in the road's own frame: `u` along the principal axis, `v` across it. */
interface UV {
  u: number;
  v: number;
}

/**
 * The road's centre line as offsets across the axis, one per `BIN_METERS` along it: the median of the points in
 * each bin (set-backs on both sides cancel), then a three-bin running mean so one odd bin does not kink the line.
 */
function centreLine(points: readonly UV[]): UV[] {
  const sorted = [...points].sort((a, b) => a.u - b.u);
  const bins: UV[][] = [];
  for (const p of sorted) {
    const last = bins[bins.length - 1];
    if (last && p.u - last[0].u <= BIN_METERS) last.push(p);
    else bins.push([p]);
  }
  const raw = bins.map((bin) => ({ u: median(bin.map((p) => p.u)), v: median(bin.map((p) => p.v)) }));
  const smoothed = raw.map((p, i) => {
    const window = raw.slice(Math.max(0, i - 1), i + 2);
    return { u: p.u, v: window.reduce((s, q) => s + q.v, 0) / window.length };
  });
  // The line runs the whole stretch of addresses, not just between the first and last bin's medians.
  const first = { u: sorted[0].u, v: smoothed[0].v };
  const last = { u: sorted[sorted.length - 1].u, v: smoothed[smoothed.length - 1].v };
  return smoothed.length === 1 ? [first, last] : [first, ...smoothed.slice(1, -1), last];
}

/** The centre line's offset at `u`, interpolated between its vertices (held flat beyond the ends). */
function offsetAt(line: readonly UV[], u: number): number {
  if (u <= line[0].u) return line[0].v;
  for (let i = 1; i < line.length; i++) {
    if (u <= line[i].u) {
      const t = (u - line[i - 1].u) / (line[i].u - line[i - 1].u || 1);
      return line[i - 1].v + t * (line[i].v - line[i - 1].v);
    }
  }
  return line[line.length - 1].v;
}

/** Splits points sorted along the axis wherever consecutive ones are more than `gap` apart. */
function splitAtGaps(points: readonly UV[], gap: number): UV[][] {
  const sorted = [...points].sort((a, b) => a.u - b.u);
  const pieces: UV[][] = [[]];
  sorted.forEach((p, i) => {
    if (i > 0 && p.u - sorted[i - 1].u > gap) pieces.push([]);
    pieces[pieces.length - 1].push(p);
  });
  return pieces;
}

/**
 * The end stretched to the nearest anchor (signal, crossing) that lies ahead of it — beyond the end along the
 * line's last direction, within `reach` and no more than 45° off that direction.
 */
function stretchEnd(end: XY, previous: XY, anchors: readonly XY[], reach: number): XY | null {
  const heading: XY = [end[0] - previous[0], end[1] - previous[1]];
  const headingLength = Math.hypot(heading[0], heading[1]);
  if (headingLength === 0) return null;
  let best: XY | null = null;
  let bestDistance = reach;
  for (const a of anchors) {
    const d = dist(a, end);
    if (d === 0 || d > bestDistance) continue;
    const cos = ((a[0] - end[0]) * heading[0] + (a[1] - end[1]) * heading[1]) / (d * headingLength);
    if (cos < Math.SQRT1_2) continue;
    best = a;
    bestDistance = d;
  }
  return best;
}

/** The road's own frame: `u` along the points' principal axis, `v` across it. */
function roadFrame(points: readonly XY[]) {
  const { mean, dir } = principalAxis(points);
  return {
    toUV: (p: XY): UV => {
      const dx = p[0] - mean[0];
      const dy = p[1] - mean[1];
      return { u: dx * dir[0] + dy * dir[1], v: -dx * dir[1] + dy * dir[0] };
    },
    toXY: ({ u, v }: UV): XY => [mean[0] + u * dir[0] - v * dir[1], mean[1] + u * dir[1] + v * dir[0]],
  };
}

function deriveOne(raw: readonly XY[], anchors: readonly XY[], o: Required<DeriveOptions>): { chain: XY[]; points: number }[] {
  const rough = roadFrame(raw);
  const firstPass = centreLine(raw.map(rough.toUV));
  const kept = raw.filter((p) => {
    const uv = rough.toUV(p);
    return Math.abs(uv.v - offsetAt(firstPass, uv.u)) <= o.outlierMeters;
  });
  if (kept.length < o.minPoints) return [];
  // The axis again without the outliers, which tilt it.
  const frame = roadFrame(kept);
  return splitAtGaps(kept.map(frame.toUV), o.gapMeters)
    .filter((piece) => piece.length >= 2 && piece[piece.length - 1].u - piece[0].u >= MIN_LINE_METERS)
    .map((piece) => {
      const chain = centreLine(piece).map(frame.toXY);
      const start = stretchEnd(chain[0], chain[1], anchors, o.snapMeters);
      const end = stretchEnd(chain[chain.length - 1], chain[chain.length - 2], anchors, o.snapMeters);
      return { chain: [...(start ? [start] : []), ...chain, ...(end ? [end] : [])], points: piece.length };
    });
}

/** True for a name that is a street's (路, 街, 道 …), not an estate's (天山二村). */
export function isStreetName(name: string): boolean {
  return STREET_NAME.test(name);
}

/**
 * Approximate streets from addressed points, one or more lines per road name (split where addresses stop for
 * more than `gapMeters`), with ends stretched to `anchors` (traffic signals, crossings).
 */
export function deriveApproximateStreets(
  points: readonly AddressedPoint[],
  anchors: readonly LngLat[],
  options: DeriveOptions = {},
): ApproximateStreet[] {
  const o = { ...DEFAULTS, ...options };
  if (points.length === 0) return [];
  const origin: LngLat = [
    points.reduce((s, p) => s + p.lngLat[0], 0) / points.length,
    points.reduce((s, p) => s + p.lngLat[1], 0) / points.length,
  ];
  const frame = frameAt(origin);
  const anchorXY = anchors.map(frame.toXY);
  const byRoad = new Map<string, XY[]>();
  for (const p of points) {
    const name = p.road.trim();
    if (!isStreetName(name)) continue;
    byRoad.set(name, [...(byRoad.get(name) ?? []), frame.toXY(p.lngLat)]);
  }
  const streets: ApproximateStreet[] = [];
  for (const [name, raw] of [...byRoad].sort(([a], [b]) => a.localeCompare(b))) {
    if (raw.length < o.minPoints) continue;
    for (const { chain, points: count } of deriveOne(raw, anchorXY, o)) {
      const line = simplify(lineString(chain.map(frame.toLngLat)), { tolerance: SIMPLIFY_METERS / METERS_PER_DEG_LAT });
      streets.push({ name, line: line.geometry.coordinates as Polyline, points: count });
    }
  }
  return streets;
}
