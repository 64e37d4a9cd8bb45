/**
 * The hidden-danger lifecycle (隐患闭环): reported → dispatched (a work order through the dispatch hub) →
 * awaiting_acceptance (rectified, with photos) → accepted; an acceptance that fails sends it back to dispatched.
 */
import type { HazardStatus } from '@/db/schema';

export type HazardAction = 'dispatch' | 'submit' | 'accept' | 'reject';

export const HAZARD_MOVES: Record<HazardAction, { from: HazardStatus; to: HazardStatus }> = {
  dispatch: { from: 'reported', to: 'dispatched' },
  submit: { from: 'dispatched', to: 'awaiting_acceptance' },
  accept: { from: 'awaiting_acceptance', to: 'accepted' },
  reject: { from: 'awaiting_acceptance', to: 'dispatched' },
};

export function hazardMove(from: HazardStatus, action: HazardAction): HazardStatus | null {
  return HAZARD_MOVES[action].from === from ? HAZARD_MOVES[action].to : null;
}
