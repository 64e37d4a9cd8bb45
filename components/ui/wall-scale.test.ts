import { describe, expect, it } from 'vitest';
import { wallScale } from './wall-scale';

describe('wall scale', () => {
  it('is 1 at the design size and 2 on a 4K wall', () => {
    expect(wallScale(1920, 1080)).toBe(1);
    expect(wallScale(3840, 2160)).toBe(2);
  });

  it('fits the tighter dimension on other aspect ratios, so nothing overflows', () => {
    expect(wallScale(3840, 1080)).toBe(1);
    expect(wallScale(1920, 2160)).toBe(1);
    expect(wallScale(2560, 1440)).toBeCloseTo(4 / 3);
  });

  it('never shrinks below half, and survives a zero-sized window', () => {
    expect(wallScale(640, 360)).toBe(0.5);
    expect(wallScale(0, 0)).toBe(1);
  });
});
