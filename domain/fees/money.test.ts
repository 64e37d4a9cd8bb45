import { describe, expect, it } from 'vitest';
import { fenOf, yuan } from './money';

describe('yuan', () => {
  it('writes integer 分 as 元 with two decimals and separators', () => {
    expect(yuan(0)).toBe('0.00');
    expect(yuan(5)).toBe('0.05');
    expect(yuan(100_000)).toBe('1,000.00');
    expect(yuan(123_456_789)).toBe('1,234,567.89');
    expect(yuan(-250)).toBe('-2.50');
  });
});

describe('fenOf', () => {
  it('reads 元 as exact 分, with or without separators', () => {
    expect(fenOf('25.5')).toBe(2550);
    expect(fenOf(' 25.05 ')).toBe(2505);
    expect(fenOf('1,234.50')).toBe(123_450);
    expect(fenOf('0.29')).toBe(29); // 0.29 * 100 is 28.999… in floating point
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', '-1', '1.234', '1,23.00', 'abc', '1e3']) expect(fenOf(bad)).toBeNull();
  });
});

describe('yuan of a bigint', () => {
  it('writes large exact amounts', () => {
    expect(yuan(18_331_000_000_05n)).toBe('18,331,000,000.05');
    expect(yuan(-150n)).toBe('-1.50');
    expect(yuan(0n)).toBe('0.00');
  });
});
