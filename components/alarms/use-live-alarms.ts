'use client';
/**
 * The wall's live alarms: the open list on arrival, each 'alarm:changed' as it comes (ringing for a new critical
 * one), and after every (re)connection what changed since the last sequence number seen — so a wall that lost
 * its connection misses no alarm. Needs <LiveUnitsProvider> above it (the alarms ride on the same socket).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useAlarmNotices, useLiveUnitsState } from '@/components/map/live-bridge';
import { useTRPC } from '@/components/trpc/client';
import type { AlarmView } from '@/domain/alarms/alarm-view';
import { type AlarmList, applyAlarms, EMPTY_ALARMS, openAlarms } from './alarm-list';
import { beep } from './alarm-sound';

/**
 * Sequence numbers are taken inside transactions, so one may commit (and be pushed) after a higher one: the resync
 * reaches back this many changes; applying is idempotent (only newer states replace older ones).
 */
const RESYNC_MARGIN = 500;

export interface LiveAlarms {
  alarms: AlarmView[];
  /** Apply an alarm a mutation returned (the notice follows, and is then ignored as not newer). */
  apply(alarm: AlarmView): void;
}

export function useLiveAlarms(options: { sound: boolean; onCritical?(alarm: AlarmView): void }): LiveAlarms {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { connection } = useLiveUnitsState();
  const [list, setList] = useState<AlarmList>(EMPTY_ALARMS);
  const lastSeq = useRef(0);
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
    lastSeq.current = list.lastSeq;
  });

  useEffect(() => {
    if (connection !== 'live') return;
    let cancelled = false;
    (async () => {
      if (lastSeq.current === 0) {
        const open = await queryClient.fetchQuery({ ...trpc.alarms.open.queryOptions(), staleTime: 0 });
        if (!cancelled) setList((l) => applyAlarms(l, open.alarms, open.seq));
      } else {
        const seq = Math.max(0, lastSeq.current - RESYNC_MARGIN);
        const missed = await queryClient.fetchQuery({ ...trpc.alarms.since.queryOptions({ seq }), staleTime: 0 });
        if (!cancelled) setList((l) => applyAlarms(l, missed));
      }
    })().catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [connection, queryClient, trpc]);

  useAlarmNotices((notice) => {
    setList((l) => applyAlarms(l, [notice.alarm]));
    if (notice.sound) {
      if (latest.current.sound) beep();
      latest.current.onCritical?.(notice.alarm);
    }
  });

  const apply = useCallback((alarm: AlarmView) => setList((l) => applyAlarms(l, [alarm])), []);
  const alarms = useMemo(() => openAlarms(list), [list]);
  return { alarms, apply };
}
