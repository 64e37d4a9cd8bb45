/**
 * The rectification of an energy anomaly (能耗整改): raised → assigned → rectified → verified; a verifier who
 * finds the use still high sends it back to assigned. One table of moves, so refused moves are refused alike
 * everywhere.
 */
import type { RectificationStatus } from '@/db/schema';

export type RectificationAction = 'assign' | 'rectify' | 'verify' | 'reject';

export const RECTIFICATION_MOVES: Record<RectificationAction, { from: readonly RectificationStatus[]; to: RectificationStatus }> = {
  assign: { from: ['raised', 'assigned'], to: 'assigned' },
  rectify: { from: ['assigned'], to: 'rectified' },
  verify: { from: ['rectified'], to: 'verified' },
  reject: { from: ['rectified'], to: 'assigned' },
};

/** The status after `action`, or null when the move is not allowed from `from`. */
export function rectificationMove(from: RectificationStatus, action: RectificationAction): RectificationStatus | null {
  const move = RECTIFICATION_MOVES[action];
  return move.from.includes(from) ? move.to : null;
}
