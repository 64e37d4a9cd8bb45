import { describe, expect, it } from 'vitest';
import { checkSignature, MAX_CLOCK_SKEW_MS, signBody } from './hmac';

describe('partner request signatures', () => {
  const now = 1_795_000_000_000;
  const body = '{"ref":"CY-1"}';
  const signature = signBody('s3cret', now, body);

  it('accepts the signature of the same secret, timestamp and body', () => {
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(checkSignature('s3cret', { timestamp: String(now), signature }, body, now + 1000)).toBe('ok');
  });

  it('refuses another secret, another body, a stale or missing timestamp', () => {
    expect(checkSignature('other', { timestamp: String(now), signature }, body, now)).toBe('mismatch');
    expect(checkSignature('s3cret', { timestamp: String(now), signature }, '{"ref":"CY-2"}', now)).toBe('mismatch');
    expect(checkSignature('s3cret', { timestamp: String(now), signature }, body, now + MAX_CLOCK_SKEW_MS + 1)).toBe('stale');
    expect(checkSignature('s3cret', { timestamp: 'yesterday', signature }, body, now)).toBe('stale');
    expect(checkSignature('s3cret', { signature }, body, now)).toBe('missing');
    expect(checkSignature('s3cret', { timestamp: String(now), signature: 'sha256=00' }, body, now)).toBe('mismatch');
  });
});
