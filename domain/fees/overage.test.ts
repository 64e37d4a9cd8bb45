import { describe, expect, it } from 'vitest';
import { overageOf } from './overage';

describe('overageOf', () => {
  it('flags only what exceeds the contract by more than the threshold, and prices the whole excess', () => {
    expect(overageOf(40, 44, 10, 2500)).toBeNull(); // exactly 10 % over: within the threshold
    expect(overageOf(40, 45, 10, 2500)).toEqual({ excess: 5, excessAmountFen: 12_500 });
    expect(overageOf(40, 30, 10, 2500)).toBeNull();
    expect(overageOf(40, 41, 0, 2500)).toEqual({ excess: 1, excessAmountFen: 2_500 });
  });
});
