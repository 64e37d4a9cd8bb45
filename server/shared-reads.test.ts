import { describe, expect, it } from 'vitest';
import { SharedReads } from './shared-reads';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('SharedReads', () => {
  it('runs one read for everyone who asks while it runs and within the interval', async () => {
    let clock = 0;
    const reads = new SharedReads({ ttlMs: 1000, now: () => clock });
    let computed = 0;
    const gate = deferred<number>();
    const compute = () => ((computed += 1), gate.promise);
    const asks = Array.from({ length: 50 }, () => reads.read('kpis', compute));
    gate.resolve(7);
    expect(await Promise.all(asks)).toEqual(Array(50).fill(7));
    clock = 999;
    expect(await reads.read('kpis', async () => ((computed += 1), 8))).toBe(7);
    expect(computed).toBe(1);
    clock = 1000;
    expect(await reads.read('kpis', async () => ((computed += 1), 9))).toBe(9);
    expect(computed).toBe(2);
  });

  it('keeps keys apart', async () => {
    const reads = new SharedReads({ ttlMs: 1000, now: () => 0 });
    expect(await reads.read('layer:light', async () => 'lights')).toBe('lights');
    expect(await reads.read('layer:toilet', async () => 'toilets')).toBe('toilets');
    expect(await reads.read('layer:light', async () => 'other')).toBe('lights');
  });

  it('forgets the kept reads under a prefix, and does not keep a read that was under way when forgotten', async () => {
    const reads = new SharedReads({ ttlMs: 1000, now: () => 0 });
    await reads.read('orders.list:a', async () => 'old list');
    await reads.read('map.kpis', async () => 'kpis');
    const gate = deferred<string>();
    const underWay = reads.read('orders.list:b', () => gate.promise);
    reads.forget('orders.');
    gate.resolve('read before the change');
    expect(await underWay).toBe('read before the change');
    expect(await reads.read('orders.list:a', async () => 'new list')).toBe('new list');
    expect(await reads.read('orders.list:b', async () => 'new b')).toBe('new b');
    expect(await reads.read('map.kpis', async () => 'other')).toBe('kpis');
  });

  it('does not keep a failed read: the next asker tries again', async () => {
    const reads = new SharedReads({ ttlMs: 1000, now: () => 0 });
    await expect(reads.read('kpis', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await reads.read('kpis', async () => 'up')).toBe('up');
  });

  it('with interval 0, shares only a read in flight', async () => {
    const reads = new SharedReads({ ttlMs: 0 });
    const gate = deferred<string>();
    const first = reads.read('k', () => gate.promise);
    const second = reads.read('k', async () => 'not run');
    gate.resolve('shared');
    expect(await Promise.all([first, second])).toEqual(['shared', 'shared']);
    expect(await reads.read('k', async () => 'fresh')).toBe('fresh');
  });

  it('keeps at most maxKeys keys, dropping the oldest', async () => {
    const reads = new SharedReads({ ttlMs: 1000, maxKeys: 2, now: () => 0 });
    await reads.read('a', async () => 1);
    await reads.read('b', async () => 2);
    await reads.read('c', async () => 3);
    expect(await reads.read('a', async () => 10)).toBe(10);
    expect(await reads.read('c', async () => 30)).toBe(3);
  });

  it('refuses a negative interval', () => {
    expect(() => new SharedReads({ ttlMs: -1 })).toThrow('0 ms or more');
  });
});
