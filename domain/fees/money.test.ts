import { describe, expect, it } from 'vitest';
import { yuan } from './money';

describe('yuan', () => {
  it('writes integer 分 as 元 with two decimals and separators', () => {
    expect(yuan(0)).toBe('0.00');
    expect(yuan(5)).toBe('0.05');
    expect(yuan(100_000)).toBe('1,000.00');
    expect(yuan(123_456_789)).toBe('1,234,567.89');
    expect(yuan(-250)).toBe('-2.50');
  });
});
