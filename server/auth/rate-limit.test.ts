import { describe, expect, it } from 'vitest';
import { AttemptLimiter } from './rate-limit';

describe('AttemptLimiter', () => {
  it('blocks a key after the maximum failures and lets it in again when the window has passed', () => {
    let now = 0;
    const limiter = new AttemptLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterSeconds('zhang')).toBe(0);
      limiter.recordFailure('zhang');
      now += 1000;
    }
    expect(limiter.retryAfterSeconds('zhang')).toBe(57);
    expect(limiter.retryAfterSeconds('li')).toBe(0);
    now = 60_001;
    expect(limiter.retryAfterSeconds('zhang')).toBe(0);
  });

  it('forgets failures after a success', () => {
    const limiter = new AttemptLimiter(1, 60_000, () => 0);
    limiter.recordFailure('wang');
    expect(limiter.retryAfterSeconds('wang')).toBeGreaterThan(0);
    limiter.clear('wang');
    expect(limiter.retryAfterSeconds('wang')).toBe(0);
  });
});
