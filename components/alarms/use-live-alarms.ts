'use client';
/**
 * The wall's live alarms: the open list, then each alarm notice of the journal of live notices once, in order
 * (ringing for a new critical one) — after a reconnection, those it missed (components/live/use-live-notices.ts),
 * so a wall that lost its connection misses no alarm and shows none twice. Needs <LiveProvider> above it.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState, useEffect } from 'react';
import { useLiveNotices } from '@/components/live/use-live-notices';
import { useTRPC } from '@/components/trpc/client';
import type { AlarmView } from '@/domain/alarms/alarm-view';
import { type AlarmList, applyAlarms, EMPTY_ALARMS, openAlarms } from './alarm-list';
import { beep } from './alarm-sound';

export interface LiveAlarms {
  alarms: AlarmView[];
  /** Apply an alarm a mutation returned (the notice follows, and is then ignored as not newer). */
  apply(alarm: AlarmView): void;
}

export function useLiveAlarms(options: { sound: boolean; onCritical?(alarm: AlarmView): void }): LiveAlarms {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [list, setList] = useState<AlarmList>(EMPTY_ALARMS);
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });

  /** While the open list is read again: the notices that came meanwhile, applied on top of it (newer ones win). */
  const reloading = useRef<AlarmView[] | null>(null);

  useLiveNotices({
    // The open list, read after the journal position the notices continue from (none falls between the two).
    reset: () => {
      const meanwhile: AlarmView[] = [];
      reloading.current = meanwhile;
      queryClient
        .fetchQuery({ ...trpc.alarms.open.queryOptions(), staleTime: 0 })
        .then((open) => {
          // A later reload supersedes this one.
          if (reloading.current === meanwhile) setList(applyAlarms(applyAlarms(EMPTY_ALARMS, open.alarms, open.seq), meanwhile));
        })
        .catch(() => undefined)
        .finally(() => {
          if (reloading.current === meanwhile) reloading.current = null;
        });
    },
    entry: (entry) => {
      if (entry.kind !== 'alarm') return;
      const notice = entry.notice;
      reloading.current?.push(notice.alarm);
      setList((l) => applyAlarms(l, [notice.alarm]));
      if (notice.sound) {
        if (latest.current.sound) beep();
        latest.current.onCritical?.(notice.alarm);
      }
    },
  });

  const apply = useCallback((alarm: AlarmView) => setList((l) => applyAlarms(l, [alarm])), []);
  const alarms = useMemo(() => openAlarms(list), [list]);
  return { alarms, apply };
}
