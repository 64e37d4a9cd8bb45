import { describe, expect, it } from 'vitest';
import { homePathFor } from './home-path';

describe('homePathFor', () => {
  it('sends each role to where it works', () => {
    expect(homePathFor(['map:view', 'orders:dispatch'])).toBe('/');
    expect(homePathFor(['field:use'])).toBe('/field');
    expect(homePathFor(['map:view', 'hotline:analyze', 'hotline:import'])).toBe('/hotline');
    expect(homePathFor(['map:view', 'hotline:analyze'])).toBe('/');
    expect(homePathFor(['audit:read'])).toBe('/admin');
    expect(homePathFor([])).toBe('/');
  });
});
