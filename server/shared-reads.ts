/**
 * Reads every wall asks for (KPIs, layer data, the leaders' summary) computed once per interval and served to all
 * who ask within it, keyed by what varies (the layer kind, a limit). Fifty walls polling the same KPIs then cost
 * the database one query a second, not fifty. Single-flight: askers who arrive while a read runs share it; a
 * failed read is not kept, so the next asker tries again. With `ttlMs` 0 only concurrent askers share.
 */
export interface SharedReadsOptions {
  ttlMs: number;
  /** Distinct keys kept at most (the oldest goes first): keys come from input, so they must not grow without end. */
  maxKeys?: number;
  now?: () => number;
}

interface Entry {
  value: Promise<unknown>;
  /** When the value stops being served; Infinity while it is still being computed. */
  expiresAt: number;
}

export class SharedReads {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: SharedReadsOptions) {
    if (!(options.ttlMs >= 0)) throw new Error(`shared-read interval must be 0 ms or more, got ${options.ttlMs}`);
    this.ttlMs = options.ttlMs;
    this.maxKeys = options.maxKeys ?? 1000;
    this.now = options.now ?? (() => performance.now());
  }

  read<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const found = this.entries.get(key);
    if (found && found.expiresAt > this.now()) return found.value as Promise<T>;
    const entry: Entry = { value: Promise.resolve().then(compute), expiresAt: Infinity };
    this.entries.delete(key); // re-inserted last: Map order is then age order for eviction
    this.entries.set(key, entry);
    if (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value!);
    entry.value.then(
      () => {
        if (this.entries.get(key) !== entry) return;
        if (this.ttlMs === 0) this.entries.delete(key);
        else entry.expiresAt = this.now() + this.ttlMs;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.value as Promise<T>;
  }

  /** Drops every kept read whose key starts with `prefix` (a write changed it); a read under way is not kept. */
  forget(prefix: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
