'use client';
/**
 * The dispatch hub's live notices ('order:changed' / 'assigned' / 'deadline' / 'escalated') for the dispatcher's
 * screen and the field phone: each one refetches the order queries it may have changed. Its own light socket,
 * because the live-units client forwards only map events and field phones have no map; it opts out of position
 * frames at once (the dispatcher's map gets them through the live-units client). On reconnect everything order-
 * related is refetched, since notices sent meanwhile were missed.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { useTRPC } from '@/components/trpc/client';
import { type ClientToServerEvents, type OrderChangedPayload, type ServerToClientEvents, SOCKET_PATH } from '@/domain/realtime/events';

export type OrderNoticeHandler = (notice: { orderId: number; code: string; type: string; unitIds?: number[] }) => void;

/** Subscribes while mounted; returns whether the notices are live. `onNotice` sees every notice after the refetch is asked. */
export function useOrderNotices(onNotice?: OrderNoticeHandler): boolean {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);
  const latest = useRef(onNotice);
  useEffect(() => {
    latest.current = onNotice;
  });

  useEffect(() => {
    const refetchOrders = () => {
      void queryClient.invalidateQueries(trpc.orders.pathFilter());
      void queryClient.invalidateQueries(trpc.dispatch.candidates.pathFilter());
    };
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io('', {
      path: SOCKET_PATH,
      transports: ['websocket', 'polling'],
      withCredentials: true,
    });
    socket.on('connect', () => {
      socket.emit('positions:follow', { follow: false });
      setConnected(true);
      refetchOrders();
    });
    socket.on('disconnect', () => setConnected(false));
    socket.on('connect_error', () => setConnected(false));
    const handle = (notice: Pick<OrderChangedPayload, 'orderId' | 'code'> & { type: string; unitIds?: number[] }) => {
      refetchOrders();
      latest.current?.(notice);
    };
    socket.on('order:changed', handle);
    socket.on('order:assigned', handle);
    socket.on('order:deadline', handle);
    socket.on('order:escalated', handle);
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [queryClient, trpc]);

  return connected;
}
