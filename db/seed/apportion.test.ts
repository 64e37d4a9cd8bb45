import { describe, expect, it } from 'vitest';
import { apportion } from './apportion';

describe('apportion', () => {
  it('splits exactly, in proportion', () => {
    expect(apportion(10, [1, 1])).toEqual([5, 5]);
    expect(apportion(10, [1, 2, 2])).toEqual([2, 4, 4]);
    const shares = apportion(150, [3.3, 1.1, 7.7, 0.4]);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(150);
  });

  it('honours the minimum and breaks ties towards the earlier share', () => {
    expect(apportion(12, [100, 0, 0], 2)).toEqual([8, 2, 2]);
    expect(apportion(3, [1, 1])).toEqual([2, 1]);
  });

  it('refuses what cannot be done', () => {
    expect(() => apportion(5, [1, 1, 1], 2)).toThrow(/exceed the total 5/);
    expect(() => apportion(5, [0, 0])).toThrow(/> 0/);
    expect(() => apportion(2.5, [1])).toThrow(/integer/);
  });
});
