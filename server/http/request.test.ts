import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/server/env';
import { clientIp } from './request';

const req = (remote: string, xff?: string) =>
  ({ socket: { remoteAddress: remote }, headers: xff ? { 'x-forwarded-for': xff } : {} }) as unknown as IncomingMessage;
const trust = (value: string) => parseEnv({ TRUST_PROXY: value }).TRUST_PROXY;

describe('client address behind proxies', () => {
  it('ignores X-Forwarded-For unless proxies are trusted', () => {
    expect(clientIp(req('::ffff:10.0.0.1', '6.6.6.6'))).toBe('10.0.0.1');
    expect(clientIp(req('10.0.0.1', '6.6.6.6'), trust('off'))).toBe('10.0.0.1');
  });

  it('takes the address the trusted hops added, not what the client wrote', () => {
    expect(clientIp(req('10.0.0.1', '6.6.6.6, 198.51.100.4'), trust('1'))).toBe('198.51.100.4');
    expect(clientIp(req('10.0.0.1', '6.6.6.6, 198.51.100.4, 10.0.0.2'), trust('2'))).toBe('198.51.100.4');
    expect(clientIp(req('10.0.0.1'), trust('1'))).toBe('10.0.0.1');
  });

  it('skips listed proxies from the right', () => {
    const list = trust('10.0.0.1, 10.0.0.2');
    expect(clientIp(req('10.0.0.1', '6.6.6.6, 198.51.100.4, 10.0.0.2'), list)).toBe('198.51.100.4');
    expect(clientIp(req('203.0.113.9', '6.6.6.6'), list)).toBe('203.0.113.9');
  });

  it('refuses a TRUST_PROXY it cannot read', () => {
    expect(() => trust('yes please')).toThrow(/TRUST_PROXY/);
  });
});
