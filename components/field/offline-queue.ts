/**
 * The phone's queue of actions taken without network: kept in localStorage (it survives a reload or a closed
 * tab), each under the id the phone made for it, which the server keeps with the action it did — so replaying an
 * entry whose answer was lost does it once. Photos go with an entry as references (field-photo.ts); the bytes of
 * those taken offline wait in IndexedDB. Pure storage and ordering; use-field-queue.tsx sends.
 */
import type { inferRouterInputs } from '@trpc/server';
import type { OrderStatus } from '@/domain/orders/order-values';
import type { AppRouter } from '@/server/api/root';
import { TRANSITIONS } from '@/domain/orders/lifecycle';
import type { PhotoRef } from './field-photo';
import { SignedOut, UploadRefused } from './photo-upload';

type Inputs = inferRouterInputs<AppRouter>;

export type QueuedCommand = (
  | { kind: 'transition'; input: Omit<Inputs['orders']['transition'], 'clientKey' | 'attachments'> }
  | { kind: 'report'; input: Omit<Inputs['orders']['report'], 'clientKey' | 'attachments'> }
) & {
  /** Sent as the command's attachments; kept ones are uploaded first. */
  photos?: PhotoRef[];
};

export type QueueEntry = QueuedCommand & {
  /** The client-generated id: the server's idempotency key for this action. */
  id: string;
  queuedAt: number;
  /** Refused by the server when sent (not a network failure): kept to be seen, never sent again. */
  refused?: string;
};

const STORAGE_PREFIX = 'onemap.field.queue.';

/** 24 random URL-safe characters: unique enough to be the server's key for this phone's action. */
export function newClientKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
}

export function loadQueue(storage: Storage, userId: number): QueueEntry[] {
  try {
    const raw = storage.getItem(STORAGE_PREFIX + userId);
    return raw ? (JSON.parse(raw) as QueueEntry[]) : [];
  } catch {
    return [];
  }
}

export function saveQueue(storage: Storage, userId: number, entries: readonly QueueEntry[]): void {
  if (entries.length) storage.setItem(STORAGE_PREFIX + userId, JSON.stringify(entries));
  else storage.removeItem(STORAGE_PREFIX + userId);
}

/**
 * The ids of the photos kept on this phone that some queued action (of any user who signed in on it) still needs;
 * any other kept photo belongs to nothing that will ever be sent.
 */
export function keptPhotoIdsInQueues(storage: Storage): Set<string> {
  const ids = new Set<string>();
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (!key?.startsWith(STORAGE_PREFIX)) continue;
    const userId = Number(key.slice(STORAGE_PREFIX.length));
    for (const entry of loadQueue(storage, userId)) for (const photo of entry.photos ?? []) if (photo.localId) ids.add(photo.localId);
  }
  return ids;
}

/** Entries still to send, oldest first (the order the handler acted in). */
export function waiting(entries: readonly QueueEntry[]): QueueEntry[] {
  return entries.filter((e) => !e.refused).sort((a, b) => a.queuedAt - b.queuedAt);
}

/** The moves of one order still waiting on the phone, oldest first. */
export function waitingMoves(entries: readonly QueueEntry[], orderId: number) {
  return waiting(entries).flatMap((e) => (e.kind === 'transition' && e.input.orderId === orderId ? [e.input.action] : []));
}

/**
 * The state the order will be in once the phone's waiting moves are sent: what the handler works from meanwhile,
 * so a task can be accepted, started and finished in a basement with no network.
 */
export function projectedStatus(status: OrderStatus, entries: readonly QueueEntry[], orderId: number): OrderStatus {
  let projected = status;
  for (const action of waitingMoves(entries, orderId)) {
    const rule = TRANSITIONS[action];
    if (rule.from.includes(projected) && rule.to !== 'same') projected = rule.to;
  }
  return projected;
}

/**
 * A failure that means "sign in again, then send": the session ran out (it lasts 12 h by default) while the phone
 * was offline. The actions wait; they are not refused.
 */
export function isSignedOut(error: unknown): boolean {
  if (error instanceof SignedOut) return true;
  const data = (error as { data?: { httpStatus?: number; code?: string } } | null)?.data;
  return data?.httpStatus === 401 || data?.code === 'UNAUTHORIZED';
}

/** A failure that means "no network" (try again later) rather than "the server said no". */
export function isNetworkFailure(error: unknown): boolean {
  // Answers from the server about a photo, or about the session, are not the network failing.
  if (error instanceof UploadRefused || error instanceof SignedOut) return false;
  if (typeof navigator !== 'undefined' && !navigator.onLine) return true;
  if (error instanceof TypeError) return true;
  const data = (error as { data?: { httpStatus?: number } } | null)?.data;
  // tRPC errors from the server carry an HTTP status; a fetch that never got an answer carries none.
  return !data?.httpStatus || data.httpStatus >= 500;
}
