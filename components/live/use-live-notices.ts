'use client';
/**
 * The journal's notices (alarm and order) for a map screen, on its one socket (<LiveProvider>): the first
 * listener of a socket starts its follower (notice-follower.ts), however many listen; each listener hears every
 * notice once, in journal order, and `reset` when it must reload everything (also when it joins a follower
 * already under way: what was applied before is not in its state).
 */
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { useLiveSocket } from './live-provider';
import type { LiveSocket } from './live-socket';
import { type NoticeListener, NoticeFollower } from './notice-follower';

type Trpc = ReturnType<typeof useTRPC>;

/** The running followers, one per socket, with how many listeners each has. */
const followers = new WeakMap<LiveSocket, { users: number; follower: NoticeFollower }>();

/** Adds a listener to the socket's follower (started by the first); returns its removal. */
export function followNotices(socket: LiveSocket, queryClient: QueryClient, trpc: Trpc, listener: NoticeListener): () => void {
  let running = followers.get(socket);
  if (!running) {
    const follower = new NoticeFollower(socket, {
      head: () => queryClient.fetchQuery({ ...trpc.live.head.queryOptions(), staleTime: 0 }),
      since: (after) => queryClient.fetchQuery({ ...trpc.live.since.queryOptions({ after }), staleTime: 0 }),
    });
    running = { users: 0, follower };
    followers.set(socket, running);
  }
  const { follower } = running;
  const stop = follower.listen(listener);
  if (running.users++ === 0) follower.start();
  else if (follower.last !== null) listener.reset?.();
  return () => {
    stop();
    if (--running.users === 0) {
      follower.stop();
      followers.delete(socket);
    }
  };
}

/** Listens while mounted (map screens only: a unit's phone hears its own notices directly). */
export function useLiveNotices(listener: NoticeListener): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const socket = useLiveSocket();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(
    () => followNotices(socket, queryClient, trpc, { entry: (e) => latest.current.entry?.(e), reset: () => latest.current.reset?.() }),
    [socket, queryClient, trpc],
  );
}
