import { describe, expect, it } from 'vitest';
import { ceilingWaitMs, pairDelayMs, policyFrom, toSeconds } from './sign-in-policy';

const policy = policyFrom(5, 300);

describe('sign-in policy', () => {
  it('lets a pair try freely, then doubles its delay up to the window', () => {
    expect(pairDelayMs(4, policy)).toBe(0);
    expect(pairDelayMs(5, policy)).toBe(15_000);
    expect(pairDelayMs(6, policy)).toBe(30_000);
    expect(pairDelayMs(7, policy)).toBe(60_000);
    expect(pairDelayMs(50, policy)).toBe(300_000);
  });

  it('slows a user name past the ceiling to one attempt per pace, never a block', () => {
    const now = 1_000_000;
    expect(policy.ceiling).toBe(20);
    expect(ceilingWaitMs(19, now, now, policy)).toBe(0);
    expect(ceilingWaitMs(20, now - 1000, now, policy)).toBe(policy.paceMs - 1000);
    expect(ceilingWaitMs(500, now - policy.paceMs, now, policy)).toBe(0);
    expect(ceilingWaitMs(500, now - policy.windowMs - 1, now, policy)).toBe(0);
  });

  it('rounds waits up to whole seconds for Retry-After', () => {
    expect(toSeconds(0)).toBe(0);
    expect(toSeconds(1)).toBe(1);
    expect(toSeconds(1001)).toBe(2);
  });
});
