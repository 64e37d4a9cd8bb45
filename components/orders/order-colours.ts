/**
 * The dispatch hub's colours, one source for the map layer (RGBA) and the screens (CSS): fill by priority level,
 * ring by deadline state, so an urgent order that is also overdue reads as both at a glance.
 */
import type { Rgba } from '@/components/map/status-colours';
import type { DeadlineState } from './order-types';

export const PRIORITY_COLOURS: Record<number, Rgba> = {
  1: [239, 68, 68, 255],
  2: [249, 115, 22, 255],
  3: [56, 189, 248, 255],
  4: [148, 163, 184, 255],
};

export const DEADLINE_COLOURS: Record<DeadlineState, Rgba> = {
  ok: [226, 232, 240, 200],
  nearing: [250, 204, 21, 255],
  overdue: [239, 68, 68, 255],
};

/** The wall's orders layer fills by deadline state (the queue's clock colours), so lateness reads from across the room. */
export const DEADLINE_FILL: Record<DeadlineState, Rgba> = {
  ok: [52, 211, 153, 235],
  nearing: [250, 204, 21, 255],
  overdue: [239, 68, 68, 255],
};

export const CANDIDATE_LINE_COLOUR: Rgba = [45, 212, 191, 230];
export const BEST_CANDIDATE_LINE_COLOUR: Rgba = [74, 222, 128, 255];
export const PICKED_POINT_COLOUR: Rgba = [244, 114, 182, 255];

/** Text colour classes for a clock in each state (ok stays neutral). */
export const DEADLINE_TEXT: Record<DeadlineState, string> = {
  ok: 'text-slate-200',
  nearing: 'text-amber-300',
  overdue: 'text-red-400',
};

export function priorityColour(priority: number): Rgba {
  return PRIORITY_COLOURS[priority] ?? PRIORITY_COLOURS[4];
}
