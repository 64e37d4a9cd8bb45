'use client';
/**
 * Order notices for a screen (the wall, dispatch, the field phone), on the screen's one socket (<LiveProvider>):
 * the first listener of a socket starts applying them to the query cache (order-notice-sync.ts), however many
 * components call this; each caller's `onNotice` hears every notice after it was applied.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useLiveSocket, useLiveSocketState } from '@/components/live/live-provider';
import type { LiveSocket } from '@/components/live/live-socket';
import { useTRPC } from '@/components/trpc/client';
import type { SequencedOrderNotice } from '@/domain/realtime/events';
import { ORDER_EVENTS, syncOrderNotices } from './order-notice-sync';

export type OrderNoticeHandler = (notice: SequencedOrderNotice) => void;

/** The running cache syncs, one per socket, with how many components use each. */
const syncs = new WeakMap<LiveSocket, { users: number; stop(): void }>();

/** Subscribes while mounted; returns whether the notices are live. */
export function useOrderNotices(onNotice?: OrderNoticeHandler): boolean {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const socket = useLiveSocket();
  const latest = useRef(onNotice);
  useEffect(() => {
    latest.current = onNotice;
  });

  useEffect(() => {
    const sync = syncs.get(socket) ?? { users: 0, stop: syncOrderNotices(socket, queryClient, trpc) };
    sync.users++;
    syncs.set(socket, sync);
    // Registered after the sync's own listeners, so a handler sees the cache already patched.
    const stops = ORDER_EVENTS.map((event) => socket.on(event, (notice: SequencedOrderNotice) => latest.current?.(notice)));
    return () => {
      stops.forEach((stop) => stop());
      if (--sync.users === 0) {
        sync.stop();
        syncs.delete(socket);
      }
    };
  }, [socket, queryClient, trpc]);

  return useLiveSocketState().status === 'connected';
}
