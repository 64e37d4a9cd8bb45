/**
 * The map's colour language, one place for layers and legend alike. A status is read as a severity (working,
 * attention, fault, idle) so a status the importer names differently still gets a sensible colour; working
 * things take their layer's own hue, so layers stay apart, and every fault is the same red everywhere.
 */
import type { FacilityKind, UnitKind } from './map-types';

export type Rgba = [number, number, number, number];
/**
 * 'scheduled': switched off or closed by its plan (a lamp after its switching time, a toilet outside its hours), which
 * is normal; 'idle': out of use (停用) or not reporting. Both look the same grey on the map; the charts keep them apart.
 */
export type Severity = 'working' | 'attention' | 'fault' | 'scheduled' | 'idle' | 'unknown';

const SEVERITY_OF: Record<string, Severity> = {
  on: 'working',
  open: 'working',
  online: 'working',
  normal: 'working',
  operating: 'working',
  active: 'working',
  compliant: 'working',
  approved: 'working',
  ok: 'working',
  in_service: 'working',
  permitted: 'working',
  clean: 'working',
  cleaning: 'attention',
  maintenance: 'attention',
  rectifying: 'attention',
  pending: 'attention',
  warning: 'attention',
  full: 'attention',
  busy: 'attention',
  warned: 'attention',
  due: 'attention',
  fault: 'fault',
  faulty: 'fault',
  broken: 'fault',
  alarm: 'fault',
  violation: 'fault',
  illegal: 'fault',
  overdue: 'fault',
  expired: 'fault',
  off: 'scheduled',
  closed: 'scheduled',
  offline: 'idle',
  inactive: 'idle',
  idle: 'idle',
};

export function severityOf(status: string): Severity {
  return SEVERITY_OF[status.toLowerCase()] ?? 'unknown';
}

/** Each facility kind's own hue, used for its working state. */
export const KIND_COLOURS: Record<FacilityKind, Rgba> = {
  light: [250, 204, 21, 235], // warm yellow: a lamp that is on
  shop: [244, 114, 182, 220],
  occupied_road: [251, 146, 60, 235],
  toilet: [52, 211, 153, 240],
  transfer_station: [167, 139, 250, 240],
  road_segment: [56, 189, 248, 220],
  depot: [148, 163, 184, 240],
  kiosk: [34, 211, 238, 245],
  park: [34, 197, 94, 110], // translucent green: the base map stays readable under a park
  tree: [74, 222, 128, 210],
  litter_bin: [148, 163, 184, 230],
  bench: [217, 119, 6, 230],
  fountain: [96, 165, 250, 235],
};

const ATTENTION: Rgba = [251, 191, 36, 240];
const FAULT: Rgba = [239, 68, 68, 255];
const IDLE: Rgba = [100, 116, 139, 200];

/**
 * Status colours of the symbols that carry their kind in their shape (the live units): one colour per status,
 * the same amber and red as a facility's attention and fault, so a colour means one thing in a view.
 */
export const STATUS_RGBA: Record<'working' | 'attention' | 'fault' | 'idle', Rgba> = {
  working: [34, 197, 94, 255],
  attention: [251, 191, 36, 255],
  fault: [239, 68, 68, 255],
  idle: [120, 128, 140, 255],
};

export function statusColour(kind: FacilityKind, status: string): Rgba {
  switch (severityOf(status)) {
    case 'attention':
      return ATTENTION;
    case 'fault':
      return FAULT;
    case 'scheduled':
    case 'idle':
      return IDLE;
    default:
      return KIND_COLOURS[kind];
  }
}

/** Cleaning grades from best to lowest; a grade outside the list takes the next colour after them. */
const GRADE_ORDER = ['特级', '一级', '二级', '三级', '四级', 'A', 'B', 'C', 'D'];
const GRADE_COLOURS: Rgba[] = [
  [45, 212, 191, 235],
  [56, 189, 248, 235],
  [163, 230, 53, 235],
  [250, 204, 21, 235],
  [248, 113, 113, 235],
];

/** A road segment's colour by cleaning grade: the best grade teal, then blue, green, yellow, red. */
export function gradeColour(grade: string, allGrades: readonly string[]): Rgba {
  if (!grade) return IDLE;
  const ordered = [...new Set(allGrades.filter(Boolean))].sort((a, b) => gradeRank(a) - gradeRank(b) || a.localeCompare(b));
  const index = ordered.indexOf(grade);
  return GRADE_COLOURS[Math.min(Math.max(index, 0), GRADE_COLOURS.length - 1)];
}

function gradeRank(grade: string): number {
  const index = GRADE_ORDER.indexOf(grade);
  return index < 0 ? GRADE_ORDER.length : index;
}

export const UNIT_COLOURS: Record<UnitKind, Rgba> = {
  sweeper: [56, 189, 248, 255],
  washer: [96, 165, 250, 255],
  compactor: [129, 140, 248, 255],
  toilet_service: [45, 212, 191, 255],
  lighting_repair: [250, 204, 21, 255],
  greening_crew: [74, 222, 128, 255],
  duty_officer: [244, 63, 94, 255],
  patrol_officer: [251, 146, 60, 255],
  handler: [232, 121, 249, 255],
};

/** Offline units: the map layer and the legend share this grey. */
export const OFFLINE_UNIT: Rgba = [120, 128, 140, 170];

/** CSS colour of an RGBA tuple, for the legend and charts. */
export function cssColour([r, g, b, a]: Rgba): string {
  return `rgba(${r}, ${g}, ${b}, ${Math.round((a / 255) * 100) / 100})`;
}
