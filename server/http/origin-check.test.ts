import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isCrossSite } from './origin-check';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const own = { publicOrigin: null };

describe('isCrossSite', () => {
  it('lets the site itself and machine clients through', () => {
    expect(isCrossSite(request({ host: 'wall.local:3000', origin: 'http://wall.local:3000' }), own)).toBe(false);
    expect(isCrossSite(request({ host: 'wall.local:3000', 'sec-fetch-site': 'same-origin' }), own)).toBe(false);
    expect(isCrossSite(request({ host: 'wall.local:3000' }), own)).toBe(false);
  });

  it('refuses a foreign page, an opaque origin and a cross-site fetch', () => {
    expect(isCrossSite(request({ host: 'wall.local:3000', origin: 'https://evil.example' }), own)).toBe(true);
    expect(isCrossSite(request({ host: 'wall.local:3000', origin: 'null' }), own)).toBe(true);
    expect(isCrossSite(request({ host: 'wall.local:3000', 'sec-fetch-site': 'cross-site' }), own)).toBe(true);
    expect(isCrossSite(request({ host: 'wall.local:3000', origin: 'http://wall.local:3001' }), own)).toBe(true);
  });

  it('behind a proxy, compares with the public origin, not the rewritten Host', () => {
    const policy = { publicOrigin: 'https://onemap.example.gov.cn' };
    expect(isCrossSite(request({ host: '127.0.0.1:3000', origin: 'https://onemap.example.gov.cn' }), policy)).toBe(false);
    expect(isCrossSite(request({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }), policy)).toBe(true);
  });
});
