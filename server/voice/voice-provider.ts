/**
 * How a voice call leaves: a provider places it (a telephony or AI-call vendor's API would go here) and says how it
 * ended. The default provider has no telephone network behind it: it records the script, the target and the
 * outcome 'recorded' and says plainly that nothing was dialled.
 */
import type { VoiceCallKind } from '@/db/schema';

export interface VoiceCallRequest {
  id: number;
  kind: VoiceCallKind;
  targetName: string;
  targetPhone: string | null;
  script: string;
}

export interface VoiceCallResult {
  /** 'recorded': written down, not dialled; a real provider answers 'answered', 'no_answer', 'busy', … */
  outcome: string;
  /** What the callee answered, if the provider understands it (e.g. { satisfaction: 1–5 } for a follow-up). */
  answer?: Record<string, unknown>;
}

export interface VoiceProvider {
  readonly name: string;
  /** False for a provider that only records (the UI then says no call was placed). */
  readonly placesCalls: boolean;
  /** Throws when the call could not be made at all (it is tried again later). */
  place(call: VoiceCallRequest): Promise<VoiceCallResult>;
}

export const recordingProvider: VoiceProvider = {
  name: 'recording',
  placesCalls: false,
  place: () => Promise.resolve({ outcome: 'recorded' }),
};
