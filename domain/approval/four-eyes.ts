/**
 * The four-eyes decision rule, shared by versioned rules (dispatch rules, alarm thresholds, tariffs) and knowledge
 * publishing: a proposal is decided once, by someone other than its proposer, and never approved when it is older
 * than the version already in force. Pure: each feature turns a refusal into its own message.
 */

export type FourEyesRefusal = 'notProposed' | 'selfApproval' | 'superseded';

export interface FourEyesProposal {
  /** Only 'proposed' may be decided. */
  status: string;
  /** null when the system proposed it (anyone may decide). */
  proposedBy: number | null;
  version: number;
}

export interface FourEyesDecision {
  deciderId: number | null;
  approve: boolean;
  /** The version in force, if any: an approval may not go behind it. */
  activeVersion?: number | null;
}

/** Why this decision is refused, or null when it may go ahead. */
export function fourEyesRefusal(proposal: FourEyesProposal, decision: FourEyesDecision): FourEyesRefusal | null {
  if (proposal.status !== 'proposed') return 'notProposed';
  if (proposal.proposedBy !== null && proposal.proposedBy === decision.deciderId) return 'selfApproval';
  if (decision.approve && decision.activeVersion != null && proposal.version < decision.activeVersion) return 'superseded';
  return null;
}
