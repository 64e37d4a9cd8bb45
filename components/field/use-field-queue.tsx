'use client';
/**
 * Sends the field unit's actions, or keeps them while there is no network: `run` sends at once when it can and
 * otherwise queues (offline-queue.ts); the queue is replayed, oldest first, when the browser is back online, on
 * start and every half minute while anything waits. A replay that the server refuses (the order moved on
 * meanwhile) is kept, with the reason, for the handler to see; it is never sent again.
 */
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useErrorMessage, useTRPC, useTRPCClient } from '@/components/trpc/client';
import { isNetworkFailure, loadQueue, newClientKey, type QueuedCommand, type QueueEntry, saveQueue, waiting } from './offline-queue';

const RETRY_MS = 30_000;

export interface FieldQueue {
  entries: readonly QueueEntry[];
  online: boolean;
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

export function FieldQueueProvider({ userId, children }: { userId: number; children: ReactNode }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [entries, setEntries] = useState<QueueEntry[]>([]);
  const [online, setOnline] = useState(true);
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
      const code =
        command.kind === 'transition'
          ? (await client.orders.transition.mutate({ ...command.input, clientKey })).code
          : (await client.orders.report.mutate({ ...command.input, clientKey })).order.code;
      void queryClient.invalidateQueries(trpc.orders.pathFilter());
      return code;
    },
    [client, queryClient, trpc],
  );

  const flush = useCallback(async () => {
    if (flushing.current || !navigator.onLine) return;
    flushing.current = true;
    try {
      for (const entry of waiting(loadQueue(localStorage, userId))) {
        try {
          await send(entry, entry.id);
          update((current) => current.filter((e) => e.id !== entry.id));
        } catch (error) {
          if (isNetworkFailure(error)) return;
          update((current) => current.map((e) => (e.id === entry.id ? { ...e, refused: errorMessage(error) } : e)));
        }
      }
    } finally {
      flushing.current = false;
    }
  }, [userId, send, update, errorMessage]);

  useEffect(() => {
    setEntries(loadQueue(localStorage, userId));
    setOnline(navigator.onLine);
    const goOnline = () => {
      setOnline(true);
      void flush();
    };
    const goOffline = () => setOnline(false);
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    void flush();
    const timer = setInterval(() => void flush(), RETRY_MS);
    return () => {
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
      clearInterval(timer);
    };
  }, [userId, flush]);

  const run = useCallback(
    async (command: QueuedCommand): Promise<RunResult> => {
      const id = newClientKey();
      const enqueue = (): RunResult => {
        update((current) => [...current, { ...command, id, queuedAt: Date.now() }]);
        return { state: 'queued' };
      };
      if (!navigator.onLine) return enqueue();
      try {
        return { state: 'sent', code: await send(command, id) };
      } catch (error) {
        // The answer may have been lost after the server acted: the same id makes the replay harmless.
        if (isNetworkFailure(error)) return enqueue();
        throw error;
      }
    },
    [send, update],
  );

  const dismiss = useCallback((id: string) => update((current) => current.filter((e) => e.id !== id)), [update]);
  const value = useMemo(() => ({ entries, online, run, dismiss }), [entries, online, run, dismiss]);
  return <FieldQueueContext.Provider value={value}>{children}</FieldQueueContext.Provider>;
}
