import { describe, expect, it } from 'vitest';
import { decodeSharedFixes, encodeSharedFixes, type SharedFix } from './shared-fixes';

const fixes: SharedFix[] = [
  { unitId: 7, lng: 121.4123456, lat: 31.2198765, recordedAt: 1_796_000_000_123, speedMps: 4.5, headingDeg: 270, source: 'device' },
  { unitId: 70_001, lng: 121.38, lat: 31.2, recordedAt: 1_796_000_001_000, speedMps: null, headingDeg: null, source: 'simulator' },
];

describe('shared fixes between app processes', () => {
  it('carry every fix, its unreported speed and heading, and who sent them', () => {
    const decoded = decodeSharedFixes(encodeSharedFixes(0xdeadbeef, fixes));
    expect(decoded?.senderId).toBe(0xdeadbeef);
    expect(decoded?.fixes).toEqual(fixes);
  });

  it('refuse a cut or padded message rather than read part of it', () => {
    const bytes = encodeSharedFixes(1, fixes);
    expect(decodeSharedFixes(bytes.subarray(0, bytes.length - 1))).toBeNull();
    expect(decodeSharedFixes(Buffer.concat([bytes, Buffer.alloc(1)]))).toBeNull();
    expect(decodeSharedFixes(Buffer.alloc(3))).toBeNull();
  });

  it('refuse an unknown source', () => {
    const bytes = encodeSharedFixes(1, fixes.slice(0, 1));
    bytes[8 + 36] = 9;
    expect(decodeSharedFixes(bytes)).toBeNull();
  });
});
