'use client';
/**
 * The screen's one live connection for React. Mount <LiveProvider> once per screen (inside TrpcProvider); below it:
 *
 *   const socket = useLiveSocket();           the LiveSocket itself (features that keep their own state, e.g. units)
 *   const state = useLiveSocketState();       { status, refusedKey, connections }; re-renders on change only
 *   useLiveEvent('feed:event', (entry) => …);  any server event, the latest handler, across reconnects
 *
 * `audience="unit"` on a unit's phone (no map): the socket opts out of position frames as soon as it connects, and
 * order notices are not checked for gaps (the phone hears only its own).
 */
import { createContext, type ReactNode, useContext, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ServerToClientEvents } from '@/domain/realtime/events';
import { type LiveAudience, type LiveEvent, LiveSocket, type LiveSocketState } from './live-socket';

const LiveSocketContext = createContext<LiveSocket | null>(null);

export function LiveProvider({ audience = 'map', children }: { audience?: LiveAudience; children: ReactNode }) {
  const [socket] = useState(() => new LiveSocket({ audience }));
  useEffect(() => {
    socket.connect();
    return () => socket.close();
  }, [socket]);
  return <LiveSocketContext.Provider value={socket}>{children}</LiveSocketContext.Provider>;
}

export function useLiveSocket(): LiveSocket {
  const socket = useContext(LiveSocketContext);
  if (!socket) throw new Error('Live hooks need a <LiveProvider> above them');
  return socket;
}

export function useLiveSocketState(): LiveSocketState {
  const socket = useLiveSocket();
  return useSyncExternalStore(socket.subscribe, socket.getState, socket.getState);
}

/** Listens to one server event while mounted; the latest handler is used, no re-subscribe. */
export function useLiveEvent<E extends LiveEvent>(event: E, handler: ServerToClientEvents[E]): void {
  const socket = useLiveSocket();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    const forward = ((payload: never) => (latest.current as (p: never) => void)(payload)) as ServerToClientEvents[E];
    return socket.on(event, forward);
  }, [socket, event]);
}
