'use client';
/**
 * Live units for React. Mount <LiveUnitsProvider> once around a map screen, inside <LiveProvider> (the screen's one
 * socket, components/live/); below it:
 *
 *   const live = useLiveUnits();
 *     live.connection      'connecting' | 'syncing' | 'live' | 'disconnected' | 'refused'; live.connected
 *     live.units           LiveUnitInfo[] in slot order: { slot, id, code, kind, name, subDistrictCode, synthetic,
 *                          online, lastSeenAt }; a new array whenever a unit's online state changes
 *     live.onlineByKind / live.totalByKind / live.onlineCount, live.lastFrameAt (epoch ms, ≤ 1 s stale)
 *   const model = useLiveUnitsModel();
 *     model.positionOf(slot) → [lng, lat] as drawn now; model.speed[slot] (m/s, NaN unknown), model.heading[slot];
 *     model.slotOf(unitId)
 *   useLiveAnimationFrame((now) => overlay.setProps({ layers: [...others, createUnitsLayer({ live: model })] }));
 *     called on every animation frame in which units moved: rebuild the units layer there (cheap: it only wraps
 *     the typed arrays), without re-rendering React
 *   other server events ('feed:event', 'facility:status', …): useLiveEvent from components/live/live-provider.tsx
 *
 * The snapshot is read through TanStack Query (trpc.units.snapshot), on connect and again after any reconnect or
 * missed frame; while the tab is hidden, frames are paused and the snapshot is re-read on return.
 */
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { useLiveSocket } from '@/components/live/live-provider';
import { LiveUnitsClient, type LiveUnitsState } from './live-units-client';
import type { LiveUnitsModel } from './live-units-model';

const LiveUnitsContext = createContext<LiveUnitsClient | null>(null);

export function LiveUnitsProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const socket = useLiveSocket();
  const [client] = useState(
    () =>
      new LiveUnitsClient({ socket, fetchSnapshot: () => queryClient.fetchQuery({ ...trpc.units.snapshot.queryOptions(), staleTime: 0 }) }),
  );
  useEffect(() => {
    client.connect();
    const onVisibility = () => client.followPositions(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      client.disconnect();
    };
  }, [client]);
  return <LiveUnitsContext.Provider value={client}>{children}</LiveUnitsContext.Provider>;
}

function useLiveClient(): LiveUnitsClient {
  const client = useContext(LiveUnitsContext);
  if (!client) throw new Error('Live unit hooks need a <LiveUnitsProvider> above them');
  return client;
}

/** The slow-changing live state (connection, units and their online state, counts); re-renders on change only. */
export function useLiveUnits(): LiveUnitsState {
  const client = useLiveClient();
  return useSyncExternalStore(client.subscribe, client.getState, client.getState);
}

/** The typed arrays behind the map (positions as drawn now, speeds, headings); read them, never write. */
export function useLiveUnitsModel(): LiveUnitsModel {
  return useLiveClient().model;
}

/** Runs `callback` on each animation frame in which units moved; the latest callback is used, no re-subscribe. */
export function useLiveAnimationFrame(callback: (now: number) => void): void {
  const client = useLiveClient();
  const latest = useRef(callback);
  useEffect(() => {
    latest.current = callback;
  });
  useEffect(() => client.onAnimationFrame((now) => latest.current(now)), [client]);
}

/** Shows the units at a past moment (the wall's replay) or, with null, live again: see LiveUnitsClient.showMoment. */
export function useShowUnitsMoment(): LiveUnitsClient['showMoment'] {
  const client = useLiveClient();
  return useCallback((fixes, glideMs) => client.showMoment(fixes, glideMs), [client]);
}
