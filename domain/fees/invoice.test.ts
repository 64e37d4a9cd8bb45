import { describe, expect, it } from 'vitest';
import { divideHalfUp, splitTax } from './invoice';

describe('invoice tax split', () => {
  it('splits 6 % VAT out of an inclusive amount, half up to the 分, parts adding back exactly', () => {
    // 1,060.00 元 → 60.00 tax
    expect(splitTax(106_000)).toEqual({ netFen: 100_000, taxFen: 6_000 });
    // 1.00 元: 100 × 6 / 106 = 5.66… → 6 分
    expect(splitTax(100)).toEqual({ netFen: 94, taxFen: 6 });
    for (const amount of [1, 7, 53, 999_999, 123_456_789]) {
      const { netFen, taxFen } = splitTax(amount);
      expect(netFen + taxFen).toBe(amount);
    }
  });

  it('rounds exact halves up', () => {
    expect(divideHalfUp(5, 2)).toBe(3);
    expect(divideHalfUp(3, 2)).toBe(2);
    expect(divideHalfUp(4, 2)).toBe(2);
  });

  it('refuses amounts that are not whole 分', () => {
    expect(() => splitTax(1.5)).toThrow(RangeError);
  });
});
