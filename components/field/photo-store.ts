/**
 * Photos taken without network, kept on the phone in IndexedDB (localStorage holds text only, and too little)
 * until the action they prove is sent. Each is kept under an id the phone makes; the queue entry names those ids.
 */
const DB_NAME = 'onemap-field';
const STORE = 'photos';

export interface KeptPhotoRecord {
  localId: string;
  blob: Blob;
  fileName: string;
  keptAt: number;
}

function openStore(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'localId' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'));
  });
}

async function inStore<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  const db = await openStore();
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = act(tx.objectStore(STORE));
      // Resolved when the transaction commits, so a kept photo is on disk before the phone says so.
      tx.oncomplete = () => resolve(request ? request.result : undefined);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
    });
  } finally {
    db.close();
  }
}

export async function keepPhoto(record: KeptPhotoRecord): Promise<void> {
  await inStore('readwrite', (store) => store.put(record));
}

export function keptPhoto(localId: string): Promise<KeptPhotoRecord | undefined> {
  return inStore<KeptPhotoRecord | undefined>('readonly', (store) => store.get(localId) as IDBRequest<KeptPhotoRecord | undefined>);
}

export async function forgetPhotos(localIds: readonly string[]): Promise<void> {
  if (!localIds.length) return;
  await inStore('readwrite', (store) => {
    for (const id of localIds) store.delete(id);
  });
}

/** A photo taken for a form still being filled in is younger than this; older and unclaimed, it is an orphan. */
const ORPHAN_AFTER_MS = 60 * 60 * 1000;

/**
 * Deletes the kept photos no queued action needs (their action was sent, dismissed or never submitted), once they
 * are old enough not to belong to a form open right now: a photo is never left on the phone for ever.
 */
export async function sweepOrphanPhotos(needed: ReadonlySet<string>, now = Date.now()): Promise<void> {
  await inStore('readwrite', (store) => {
    const cursor = store.openCursor();
    cursor.onsuccess = () => {
      const at = cursor.result;
      if (!at) return;
      const record = at.value as KeptPhotoRecord;
      if (!needed.has(record.localId) && now - record.keptAt > ORPHAN_AFTER_MS) at.delete();
      at.continue();
    };
  });
}
