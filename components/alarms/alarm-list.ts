/**
 * The wall's copy of the alarms, kept current by sequence number: a notice or a resync result replaces an alarm
 * only if it is newer (higher seq), so late or repeated messages never undo a later state. Pure.
 */
import type { AlarmView } from '@/domain/alarms/alarm-view';

export interface AlarmList {
  byId: ReadonlyMap<number, AlarmView>;
  /** The highest alarm sequence number applied (catching up after a reconnect follows the notice journal instead). */
  lastSeq: number;
}

export const EMPTY_ALARMS: AlarmList = { byId: new Map(), lastSeq: 0 };

export function applyAlarms(list: AlarmList, alarms: readonly AlarmView[], seq = 0): AlarmList {
  const byId = new Map(list.byId);
  let lastSeq = Math.max(list.lastSeq, seq);
  for (const alarm of alarms) {
    const known = byId.get(alarm.id);
    if (!known || known.seq < alarm.seq) byId.set(alarm.id, alarm);
    lastSeq = Math.max(lastSeq, alarm.seq);
  }
  return { byId, lastSeq };
}

const OPEN = new Set(['active', 'acknowledged']);

/** Open alarms, most urgent first: level, then unacknowledged first, then the latest seen. */
export function openAlarms(list: AlarmList): AlarmView[] {
  return [...list.byId.values()]
    .filter((a) => OPEN.has(a.status))
    .sort((a, b) => a.level - b.level || Number(b.status === 'active') - Number(a.status === 'active') || b.lastSeenAt - a.lastSeenAt);
}
