import { describe, expect, it } from 'vitest';
import type { AlarmView } from '@/domain/alarms/alarm-view';
import { applyAlarms, EMPTY_ALARMS, openAlarms } from './alarm-list';

const alarm = (id: number, seq: number, extra: Partial<AlarmView> = {}): AlarmView =>
  ({ id, seq, level: 2, status: 'active', lastSeenAt: seq, ...extra }) as AlarmView;

describe('the wall’s alarm list', () => {
  it('keeps the newest state of each alarm whatever order messages arrive in', () => {
    let list = applyAlarms(EMPTY_ALARMS, [alarm(1, 5, { status: 'acknowledged' })]);
    list = applyAlarms(list, [alarm(1, 3)]); // a late notice of an older state
    expect(list.byId.get(1)?.status).toBe('acknowledged');
    expect(list.lastSeq).toBe(5);
  });

  it('lists open alarms by level, unacknowledged first, and drops cleared ones', () => {
    const list = applyAlarms(EMPTY_ALARMS, [
      alarm(1, 1, { level: 3 }),
      alarm(2, 2, { level: 1, status: 'acknowledged' }),
      alarm(3, 3, { level: 1 }),
      alarm(4, 4, { status: 'cleared' }),
    ]);
    expect(openAlarms(list).map((a) => a.id)).toEqual([3, 2, 1]);
  });
});
