'use client';
/**
 * Sends the field unit's actions, or keeps them while there is no network: `run` sends at once when it can and
 * otherwise queues (offline-queue.ts); the queue is replayed, oldest first, when the browser is back online, on
 * start and every half minute while anything waits. While anything waits, new actions queue behind it, so the
 * server sees them in the order the handler took them. Photos kept on the phone are uploaded just before their
 * action. A replay that the server refuses (the order moved on meanwhile) is kept, with the reason, for the
 * handler to see; it is never sent again.
 *
 * A queued move carries no expected version: the phone's copy of the order is stale by design while offline, and
 * the lifecycle (a move only from the states it allows) and the assignment are what guard a replay.
 */
import { onlineManager, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useErrorMessage, useTRPC, useTRPCClient } from '@/components/trpc/client';
import { applyUnitTaskView } from '@/components/orders/order-cache';
import { forgetKept, resolveAttachments } from './field-photo';
import { sweepOrphanPhotos } from './photo-store';
import {
  isNetworkFailure,
  isSignedOut,
  keptPhotoIdsInQueues,
  loadQueue,
  newClientKey,
  projectedStatus,
  type QueuedCommand,
  type QueueEntry,
  saveQueue,
  waiting,
} from './offline-queue';
import type { OrderStatus } from '@/domain/orders/order-values';
import { UploadRefused } from './photo-upload';

const RETRY_MS = 30_000;

export interface FieldQueue {
  entries: readonly QueueEntry[];
  online: boolean;
  /** The session ran out: the waiting actions are sent once the handler has signed in again. */
  signedOut: boolean;
  /** Sent now (with the order code it concerns), or queued until the network is back. Throws the server's refusal. */
  run(command: QueuedCommand): Promise<RunResult>;
  dismiss(id: string): void;
}

export type RunResult = { state: 'sent'; code: string } | { state: 'queued' };

const FieldQueueContext = createContext<FieldQueue | null>(null);

export function useFieldQueue(): FieldQueue {
  const queue = useContext(FieldQueueContext);
  if (!queue) throw new Error('useFieldQueue outside FieldQueueProvider');
  return queue;
}

/** An order's state as the handler has left it on this phone, and whether some of that is not sent yet. */
export function useTaskStatus(order: { id: number; status: OrderStatus }): { status: OrderStatus; unsent: boolean } {
  const { entries } = useFieldQueue();
  const status = projectedStatus(order.status, entries, order.id);
  return { status, unsent: status !== order.status };
}

export function FieldQueueProvider({ userId, sessionEnded, children }: { userId: number; sessionEnded: boolean; children: ReactNode }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [entries, setEntries] = useState<QueueEntry[]>([]);
  const [online, setOnline] = useState(true);
  const [signedOut, setSignedOut] = useState(false);
  const flushing = useRef(false);

  const update = useCallback(
    (change: (current: QueueEntry[]) => QueueEntry[]) => {
      const next = change(loadQueue(localStorage, userId));
      saveQueue(localStorage, userId, next);
      setEntries(next);
    },
    [userId],
  );

  const send = useCallback(
    async (command: QueuedCommand, clientKey: string): Promise<string> => {
      const attachments = command.photos?.length ? await resolveAttachments(command.photos) : undefined;
      let code: string;
      if (command.kind === 'transition') {
        const view = await client.orders.transition.mutate({ ...command.input, attachments, clientKey });
        applyUnitTaskView(queryClient, trpc, view);
        code = view.code;
      } else {
        code = (await client.orders.report.mutate({ ...command.input, attachments, clientKey })).order.code;
      }
      void forgetKept(command.photos);
      void queryClient.invalidateQueries(trpc.orders.pathFilter());
      return code;
    },
    [client, queryClient, trpc],
  );

  /** The server said no (or a kept photo is gone): the reason, to keep with the entry. */
  const refusal = useCallback((error: unknown) => (error instanceof UploadRefused ? error.message : errorMessage(error)), [errorMessage]);

  // Known refused for want of a session: nothing is sent (each try would only be refused) until a new sign-in, which
  // loads the app afresh.
  const refusedForSession = useRef(false);
  refusedForSession.current ||= sessionEnded;

  const flush = useCallback(async () => {
    if (flushing.current || refusedForSession.current || !navigator.onLine) return;
    flushing.current = true;
    try {
      for (const entry of waiting(loadQueue(localStorage, userId))) {
        try {
          await send(entry, entry.id);
          update((current) => current.filter((e) => e.id !== entry.id));
        } catch (error) {
          if (isSignedOut(error)) {
            refusedForSession.current = true;
            setSignedOut(true);
            return;
          }
          if (isNetworkFailure(error)) return;
          update((current) => current.map((e) => (e.id === entry.id ? { ...e, refused: refusal(error) } : e)));
        }
      }
    } finally {
      flushing.current = false;
    }
  }, [userId, send, update, refusal]);

  // The timer and listeners live as long as the user: they call the latest flush, so a re-render never restarts them
  // (restarting them on every render kept the 30-second retry from ever firing).
  const latestFlush = useRef(flush);
  latestFlush.current = flush;
  useEffect(() => {
    const replay = () => void latestFlush.current();
    setEntries(loadQueue(localStorage, userId));
    setOnline(navigator.onLine);
    void sweepOrphanPhotos(keptPhotoIdsInQueues(localStorage));
    const goOnline = () => {
      setOnline(true);
      replay();
    };
    const goOffline = () => setOnline(false);
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    replay();
    const timer = setInterval(replay, RETRY_MS);
    return () => {
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
      clearInterval(timer);
    };
  }, [userId]);

  const run = useCallback(
    async (command: QueuedCommand): Promise<RunResult> => {
      const id = newClientKey();
      const enqueue = (): RunResult => {
        const input = command.kind === 'transition' ? { ...command.input, expectedVersion: undefined } : command.input;
        update((current) => [...current, { ...command, input, id, queuedAt: Date.now() } as QueueEntry]);
        return { state: 'queued' };
      };
      if (!navigator.onLine) return enqueue();
      if (waiting(loadQueue(localStorage, userId)).length) {
        const queued = enqueue();
        void flush();
        return queued;
      }
      try {
        return { state: 'sent', code: await send(command, id) };
      } catch (error) {
        if (isSignedOut(error)) {
          refusedForSession.current = true;
          setSignedOut(true);
          return enqueue();
        }
        // The answer may have been lost after the server acted: the same id makes the replay harmless.
        if (isNetworkFailure(error)) return enqueue();
        throw error;
      }
    },
    [send, update, userId, flush],
  );

  const dismiss = useCallback(
    (id: string) =>
      update((current) => {
        void forgetKept(current.find((e) => e.id === id)?.photos);
        return current.filter((e) => e.id !== id);
      }),
    [update],
  );
  // Signed out, every fetch would be refused: the screens' queries wait as if offline until the handler signs in
  // again (which loads the app afresh).
  const knownSignedOut = signedOut || sessionEnded;
  useEffect(() => {
    if (!knownSignedOut) return;
    // 'online' mode: a query's first try waits too (the app's default, offline-first, would send it regardless).
    queryClient.setDefaultOptions({
      ...queryClient.getDefaultOptions(),
      queries: { ...queryClient.getDefaultOptions().queries, networkMode: 'online' },
    });
    onlineManager.setOnline(false);
  }, [knownSignedOut, queryClient]);

  const value = useMemo(
    () => ({ entries, online, signedOut: signedOut || sessionEnded, run, dismiss }),
    [entries, online, signedOut, sessionEnded, run, dismiss],
  );
  return <FieldQueueContext.Provider value={value}>{children}</FieldQueueContext.Provider>;
}
