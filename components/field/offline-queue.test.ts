import { describe, expect, it } from 'vitest';
import {
  isNetworkFailure,
  isSignedOut,
  keptPhotoIdsInQueues,
  loadQueue,
  newClientKey,
  projectedStatus,
  type QueueEntry,
  saveQueue,
  waiting,
  waitingMoves,
} from './offline-queue';
import { SignedOut } from './photo-upload';

class MemoryStorage {
  private data = new Map<string, string>();
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
  get length() {
    return this.data.size;
  }
  key(index: number) {
    return [...this.data.keys()][index] ?? null;
  }
}

describe('the field app’s offline queue', () => {
  it('names the kept photos some waiting action of any user on the phone still needs, and no others', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    const photo = (localId: string) => ({ localId, mediaType: 'image/jpeg', byteSize: 1, fileName: 'p.jpg', purpose: 'after' as const });
    const sent = { contentHash: 'f'.repeat(64), mediaType: 'image/jpeg', byteSize: 1, fileName: 's.jpg', purpose: 'after' as const };
    saveQueue(storage, 7, [
      { id: 'a', queuedAt: 1, kind: 'transition', input: { orderId: 1, action: 'complete' }, photos: [photo('p1'), sent] },
    ]);
    saveQueue(storage, 9, [{ id: 'b', queuedAt: 2, kind: 'report', input: { description: 'x' }, photos: [photo('p2')] }]);
    storage.setItem('unrelated', '[{"photos":[{"localId":"p3"}]}]');
    expect([...keptPhotoIdsInQueues(storage)].sort()).toEqual(['p1', 'p2']);
  });

  it('keeps entries per user, sends them oldest first and leaves refused ones out', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    const entries: QueueEntry[] = [
      { id: 'b', queuedAt: 2, kind: 'transition', input: { orderId: 1, action: 'start' } },
      { id: 'a', queuedAt: 1, kind: 'transition', input: { orderId: 1, action: 'accept' } },
      { id: 'c', queuedAt: 0, kind: 'report', input: { description: 'x' }, refused: '无权限' },
    ];
    saveQueue(storage, 7, entries);
    expect(loadQueue(storage, 8)).toEqual([]);
    expect(waiting(loadQueue(storage, 7)).map((e) => e.id)).toEqual(['a', 'b']);
    saveQueue(storage, 7, []);
    expect(loadQueue(storage, 7)).toEqual([]);
  });

  it('makes ids the server accepts as keys, and tells a lost network from a refusal', () => {
    const key = newClientKey();
    expect(key).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(newClientKey()).not.toBe(key);
    expect(isNetworkFailure(new TypeError('Failed to fetch'))).toBe(true);
    expect(isNetworkFailure({ data: { httpStatus: 409 } })).toBe(false);
    expect(isNetworkFailure({ data: { httpStatus: 503 } })).toBe(true);
    // A session that ran out is neither: the actions wait for the handler to sign in again.
    expect(isSignedOut({ data: { httpStatus: 401, code: 'UNAUTHORIZED' } })).toBe(true);
    expect(isSignedOut(new SignedOut('HTTP 401'))).toBe(true);
    expect(isSignedOut({ data: { httpStatus: 403, code: 'FORBIDDEN' } })).toBe(false);
  });

  it('shows a task in the state the handler left it on the phone, however many moves wait', () => {
    const entries: QueueEntry[] = [
      {
        id: 'c',
        queuedAt: 3,
        kind: 'transition',
        input: { orderId: 1, action: 'complete' },
        photos: [{ localId: 'p1', mediaType: 'image/jpeg', byteSize: 10, fileName: 'a.jpg', purpose: 'after' }],
      },
      { id: 'a', queuedAt: 1, kind: 'transition', input: { orderId: 1, action: 'accept' } },
      { id: 'b', queuedAt: 2, kind: 'transition', input: { orderId: 1, action: 'start' } },
      { id: 'x', queuedAt: 2, kind: 'transition', input: { orderId: 2, action: 'accept' }, refused: '已被收回' },
      { id: 'e', queuedAt: 4, kind: 'transition', input: { orderId: 1, action: 'request_extension', note: '下雨' } },
    ];
    expect(waitingMoves(entries, 1)).toEqual(['accept', 'start', 'complete', 'request_extension']);
    expect(projectedStatus('dispatched', entries, 1)).toBe('awaiting_check');
    // A refused move does not count; a move the state does not allow changes nothing.
    expect(projectedStatus('dispatched', entries, 2)).toBe('dispatched');
    expect(projectedStatus('closed', entries, 1)).toBe('closed');
  });
});
