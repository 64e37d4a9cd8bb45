import { describe, expect, it } from 'vitest';
import { createRandom, hashString } from './random';

describe('createRandom', () => {
  it('gives the same sequence for the same seed, and another for another seed', () => {
    const draw = (seed: number | string) => Array.from({ length: 5 }, createRandom(seed).next);
    const a = createRandom(42);
    const b = createRandom(42);
    expect(Array.from({ length: 5 }, a.next)).toEqual(Array.from({ length: 5 }, b.next));
    expect(draw('changning')).toEqual(draw('changning'));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it('stays within the asked ranges', () => {
    const random = createRandom(7);
    for (let i = 0; i < 1000; i++) {
      const x = random.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const n = random.int(3, 5);
      expect([3, 4, 5]).toContain(n);
      const r = random.range(-2, 2);
      expect(r).toBeGreaterThanOrEqual(-2);
      expect(r).toBeLessThan(2);
    }
  });

  it('draws every integer of a range, ends included', () => {
    const random = createRandom(1);
    const seen = new Set(Array.from({ length: 200 }, () => random.int(1, 6)));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('has a gaussian with about the asked mean and spread', () => {
    const random = createRandom(3);
    const xs = Array.from({ length: 20000 }, () => random.gaussian(10, 2));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeCloseTo(2, 1);
  });

  it('picks by weight and never picks a zero weight', () => {
    const random = createRandom(5);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10000; i++) counts[random.pickWeighted(['a', 'b', 'c'] as const, [1, 3, 0])]++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.6);
    expect(counts.b / counts.a).toBeLessThan(3.4);
  });

  it('shuffles a copy, keeping every element', () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const shuffled = createRandom(9).shuffle(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...shuffled].sort()).toEqual(items);
    expect(shuffled).not.toEqual(items);
  });

  it('forks independent, reproducible streams by label', () => {
    const root = createRandom(11);
    const toilets = root.fork('toilets').next();
    root.next(); // draws on the parent do not move a fork
    expect(root.fork('toilets').next()).toBe(toilets);
    expect(root.fork('lights').next()).not.toBe(toilets);
  });

  it('refuses impossible requests with a clear message', () => {
    const random = createRandom(1);
    expect(() => random.pick([])).toThrow(/empty/);
    expect(() => random.int(5, 1)).toThrow(/max ≥ min/);
    expect(() => random.chance(1.5)).toThrow(/probability/);
    expect(() => random.pickWeighted(['a'], [0])).toThrow(/> 0/);
    expect(() => createRandom(Number.NaN)).toThrow(/seed/);
  });

  it('hashes strings stably', () => {
    expect(hashString('长宁区')).toBe(hashString('长宁区'));
    expect(hashString('a')).not.toBe(hashString('b'));
  });
});
