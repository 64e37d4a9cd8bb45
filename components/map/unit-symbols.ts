/**
 * How a live unit looks on the wall: shape by kind, colour by status, turned to where it is heading. Pure (no
 * canvas, no deck.gl): the icon atlas (layers/unit-icon-atlas.ts), the units layer and the legend all draw from
 * these definitions, so the map and its key cannot disagree.
 *
 *   unitStatus(true, null)        → 'working'
 *   unitIconKey('sweeper', 'working', true) → 'sweeper:working:h'
 *   iconAngle(90)                 → -90   (heading clockwise from north; deck.gl turns icons counter-clockwise)
 *   plateOf('沪A·B1234 扫路车')    → '沪A·B1234'
 */
import type { UnitKind } from './map-types';
import { STATUS_RGBA, type Rgba } from './status-colours';

/** A unit's state as the map colours it: at work, reporting a device alarm, or not reporting (offline). */
export type UnitStatus = 'working' | 'fault' | 'idle';
export const UNIT_STATUSES: readonly UnitStatus[] = ['working', 'fault', 'idle'];

export const UNIT_STATUS_RGBA: Record<UnitStatus, Rgba> = {
  working: STATUS_RGBA.working,
  fault: STATUS_RGBA.fault,
  idle: STATUS_RGBA.idle,
};

/** Message key of each status's name in the legend. */
export const UNIT_STATUS_LABEL: Record<UnitStatus, string> = {
  working: 'map.legend.online',
  fault: 'map.legend.deviceAlarm',
  idle: 'map.legend.offline',
};

export function unitStatus(online: boolean, device: { alarm?: string } | null | undefined): UnitStatus {
  if (!online) return 'idle';
  return device?.alarm ? 'fault' : 'working';
}

export type SymbolShape = 'circle' | 'square' | 'hexagon' | 'diamond' | 'triangle' | 'pentagon' | 'star' | 'shield' | 'cross';

/** One silhouette per kind, so kinds stay apart when colour says status. */
export const UNIT_SHAPE: Record<UnitKind, SymbolShape> = {
  sweeper: 'circle',
  washer: 'square',
  compactor: 'hexagon',
  toilet_service: 'diamond',
  lighting_repair: 'triangle',
  greening_crew: 'pentagon',
  duty_officer: 'star',
  patrol_officer: 'shield',
  handler: 'cross',
};

/** The symbol's box: 48 × 48 units, centre (24, 24); the body keeps within radius 15, the heading tip above it. */
export const SYMBOL_BOX = 48;

function polygon(sides: number, radius: number, rotationDeg = 0): string {
  const points = Array.from({ length: sides }, (_, i) => {
    const a = ((rotationDeg + (360 * i) / sides - 90) * Math.PI) / 180;
    return `${(24 + radius * Math.cos(a)).toFixed(2)} ${(24 + radius * Math.sin(a)).toFixed(2)}`;
  });
  return `M${points.join(' L')} Z`;
}

function star(points: number, outer: number, inner: number): string {
  const corners = Array.from({ length: 2 * points }, (_, i) => {
    const r = i % 2 === 0 ? outer : inner;
    const a = ((180 * i) / points - 90) * (Math.PI / 180);
    return `${(24 + r * Math.cos(a)).toFixed(2)} ${(24 + r * Math.sin(a)).toFixed(2)}`;
  });
  return `M${corners.join(' L')} Z`;
}

/** SVG path data of each silhouette in the 48-unit box (also valid for canvas Path2D). */
export const SHAPE_PATHS: Record<SymbolShape, string> = {
  circle: 'M24 10 A14 14 0 1 1 23.99 10 Z',
  square: 'M11 11 H37 V37 H11 Z',
  hexagon: polygon(6, 15, 30),
  diamond: polygon(4, 16),
  triangle: 'M24 9 L39 36 L9 36 Z',
  pentagon: polygon(5, 15),
  star: star(5, 16, 7.5),
  shield: 'M11 11 H37 V24 C37 32 31 36 24 39 C17 36 11 32 11 24 Z',
  cross: 'M19 9 H29 V19 H39 V29 H29 V39 H19 V29 H9 V19 H19 Z',
};

/** The heading tip: a chevron above the body, pointing up (north before rotation). */
export const HEADING_PATH = 'M24 0 L31 8 L24 6 L17 8 Z';

/** The icon's name in the atlas. Units without a known heading get the body without its tip. */
export function unitIconKey(kind: UnitKind, status: UnitStatus, hasHeading: boolean): string {
  return `${kind}:${status}:${hasHeading ? 'h' : '-'}`;
}

/**
 * deck.gl's IconLayer turns icons counter-clockwise by getAngle degrees; a heading is clockwise from north.
 * Unknown headings (NaN) leave the icon upright.
 */
export function iconAngle(headingDeg: number): number {
  if (!Number.isFinite(headingDeg)) return 0;
  const cw = ((headingDeg % 360) + 360) % 360;
  return cw === 0 ? 0 : -cw;
}

export interface AtlasIcon {
  x: number;
  y: number;
  width: number;
  height: number;
  mask: false;
}

export interface AtlasLayout {
  width: number;
  height: number;
  cell: number;
  mapping: Record<string, AtlasIcon>;
  /** Every icon with what it draws. */
  icons: Array<{ key: string; kind: UnitKind; status: UnitStatus; hasHeading: boolean; x: number; y: number }>;
}

/** Where each (kind, status, heading) icon sits in the atlas: a row per kind, `cell` pixels square each. */
export function unitAtlasLayout(kinds: readonly UnitKind[], cell: number): AtlasLayout {
  const mapping: Record<string, AtlasIcon> = {};
  const icons: AtlasLayout['icons'] = [];
  const columns = UNIT_STATUSES.length * 2;
  kinds.forEach((kind, row) => {
    UNIT_STATUSES.forEach((status, s) => {
      [true, false].forEach((hasHeading, h) => {
        const key = unitIconKey(kind, status, hasHeading);
        const x = (2 * s + h) * cell;
        const y = row * cell;
        mapping[key] = { x, y, width: cell, height: cell, mask: false };
        icons.push({ key, kind, status, hasHeading, x, y });
      });
    });
  });
  return { width: columns * cell, height: kinds.length * cell, cell, mapping, icons };
}

/** What a unit's label says at street zoom: a vehicle's plate (the name's first word), a person's name. */
export function plateOf(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}
