import { describe, expect, it } from 'vitest';
import {
  decodePositionFrame,
  encodePositionFrame,
  FLAG_ONLINE,
  FLAG_SIMULATED,
  FRAME_HEADER_BYTES,
  FRAME_RECORD_BYTES,
  frameBytes,
  PositionFrameError,
  readFrameHeader,
  type PositionRecord,
} from './position-frame';

const header = { epoch: 0xdeadbeef, sequence: 4_000_000_123, serverTimeMs: 1_795_000_000_123.5 };
const records: PositionRecord[] = [
  { slot: 0, lng: 121.4245678, lat: 31.2201234, speedMps: 2.35, headingDeg: 271.4, flags: FLAG_ONLINE },
  { slot: 549, lng: 121.3601, lat: 31.1999999, speedMps: null, headingDeg: null, flags: FLAG_ONLINE | FLAG_SIMULATED },
  { slot: 65_534, lng: -179.9999999, lat: -89.9999999, speedMps: 0, headingDeg: 0, flags: 0 },
];

describe('position frames', () => {
  it('round-trips header and records to 1e-7 degrees, 1 cm/s and 0.1°', () => {
    const bytes = encodePositionFrame(header, records);
    expect(bytes.byteLength).toBe(FRAME_HEADER_BYTES + records.length * FRAME_RECORD_BYTES);
    const decoded = decodePositionFrame(bytes);
    expect(decoded.header).toEqual({ version: 1, count: 3, ...header });
    decoded.records.forEach((r, i) => {
      const want = records[i];
      expect(r.slot).toBe(want.slot);
      expect(r.lng).toBeCloseTo(want.lng, 7);
      expect(r.lat).toBeCloseTo(want.lat, 7);
      expect(r.flags).toBe(want.flags);
    });
    expect(decoded.records[0].speedMps).toBe(2.35);
    expect(decoded.records[0].headingDeg).toBe(271.4);
    expect(decoded.records[1].speedMps).toBeNull();
    expect(decoded.records[1].headingDeg).toBeNull();
  });

  it('spends 16 bytes per position', () => {
    const many = Array.from({ length: 500 }, (_, slot) => ({ ...records[0], slot }));
    expect(encodePositionFrame(header, many).byteLength / many.length).toBeLessThanOrEqual(16.05);
  });

  it('normalises headings and caps speeds instead of wrapping', () => {
    const [r] = decodePositionFrame(encodePositionFrame(header, [{ ...records[0], headingDeg: -90, speedMps: 1e6 }])).records;
    expect(r.headingDeg).toBe(270);
    expect(r.speedMps).toBe(655.34);
  });

  it('reads a frame that sits inside a larger buffer (Node Buffers are pooled)', () => {
    const bytes = encodePositionFrame(header, records);
    const pooled = new Uint8Array(bytes.byteLength + 13);
    pooled.set(bytes, 7);
    const view = frameBytes(new DataView(pooled.buffer, 7, bytes.byteLength));
    expect(decodePositionFrame(view).records.map((r) => r.slot)).toEqual([0, 549, 65_534]);
  });

  it('refuses short, truncated, padded and unknown-version frames', () => {
    const bytes = encodePositionFrame(header, records);
    expect(() => readFrameHeader(bytes.subarray(0, 10))).toThrow(PositionFrameError);
    expect(() => decodePositionFrame(bytes.subarray(0, bytes.byteLength - 1))).toThrow(/must be 68 bytes/);
    const padded = new Uint8Array(bytes.byteLength + 16);
    padded.set(bytes);
    expect(() => decodePositionFrame(padded)).toThrow(PositionFrameError);
    const wrongVersion = bytes.slice();
    wrongVersion[0] = 9;
    expect(() => decodePositionFrame(wrongVersion)).toThrow(/version 9/);
  });

  it('refuses to encode what the layout cannot hold', () => {
    expect(() => encodePositionFrame(header, [{ ...records[0], slot: 70_000 }])).toThrow(/Slot/);
    expect(() => encodePositionFrame(header, [{ ...records[0], lat: 91 }])).toThrow(/Coordinates/);
    expect(() => encodePositionFrame(header, [{ ...records[0], lng: Number.NaN }])).toThrow(/Coordinates/);
  });
});
