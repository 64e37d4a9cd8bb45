/**
 * Binary position frames: the one wire format for live unit positions, written by the server's live store and
 * read by the browser (so this module is pure: DataView only, no Node Buffer).
 *
 * A frame carries only the units that moved since the previous frame. Layout, little-endian:
 *
 *   header, 20 bytes
 *     0  u8   format version (POSITION_FRAME_VERSION)
 *     1  u8   reserved, 0
 *     2  u16  record count
 *     4  u32  epoch: identifies the slot table; a client whose snapshot has another epoch re-reads the snapshot
 *     8  u32  sequence number, +1 per frame (wraps at 2^32)
 *    12  f64  server time of the flush, epoch milliseconds
 *   records, 16 bytes each, from byte 20
 *     0  u16  slot: the unit's index in the snapshot (units.snapshot), stable for one epoch
 *     2  i32  longitude × 1e7 (≈1 cm)
 *     6  i32  latitude × 1e7
 *    10  u16  speed in cm/s (0xFFFF = unknown; capped at 655.34 m/s)
 *    12  u16  heading in 0.1° clockwise from north, 0…3599 (0xFFFF = unknown)
 *    14  u8   flags: bit 0 online, bit 1 simulated (demo data, not a real device)
 *    15  u8   reserved, 0
 *
 * 16 bytes a position; over Socket.IO a frame costs one extra small text packet (the binary placeholder,
 * ≈50 bytes) shared by all its records, so a 50 ms frame of a few hundred positions stays near 16 B/position.
 */

export const POSITION_FRAME_VERSION = 1;
export const FRAME_HEADER_BYTES = 20;
export const FRAME_RECORD_BYTES = 16;
/** Slots and counts are u16. */
export const MAX_FRAME_RECORDS = 0xffff;
export const MAX_SLOTS = 0xffff;

export const FLAG_ONLINE = 1;
export const FLAG_SIMULATED = 2;

const UNKNOWN_U16 = 0xffff;
const COORD_SCALE = 1e7;

export interface FrameHeader {
  version: number;
  count: number;
  epoch: number;
  sequence: number;
  serverTimeMs: number;
}

export interface PositionRecord {
  slot: number;
  lng: number;
  lat: number;
  /** Metres per second, null when the source did not say. */
  speedMps: number | null;
  /** Degrees clockwise from north, null when unknown. */
  headingDeg: number | null;
  flags: number;
}

/** Called once per record while reading; plain arguments so reading a frame allocates nothing per record. */
export type RecordVisitor = (
  slot: number,
  lng: number,
  lat: number,
  speedMps: number | null,
  headingDeg: number | null,
  flags: number,
) => void;

export class PositionFrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PositionFrameError';
  }
}

/** Bytes a frame of `count` records takes. */
export function frameByteLength(count: number): number {
  return FRAME_HEADER_BYTES + count * FRAME_RECORD_BYTES;
}

/** Encodes one frame. Throws on values the layout cannot hold, so a bad record never reaches a client. */
export function encodePositionFrame(
  header: { epoch: number; sequence: number; serverTimeMs: number },
  records: readonly PositionRecord[],
): Uint8Array {
  if (records.length > MAX_FRAME_RECORDS)
    throw new PositionFrameError(`A frame holds at most ${MAX_FRAME_RECORDS} records, got ${records.length}`);
  const bytes = new Uint8Array(frameByteLength(records.length));
  const view = new DataView(bytes.buffer);
  view.setUint8(0, POSITION_FRAME_VERSION);
  view.setUint16(2, records.length, true);
  view.setUint32(4, header.epoch >>> 0, true);
  view.setUint32(8, header.sequence >>> 0, true);
  view.setFloat64(12, header.serverTimeMs, true);
  let offset = FRAME_HEADER_BYTES;
  for (const r of records) {
    if (!Number.isInteger(r.slot) || r.slot < 0 || r.slot >= MAX_SLOTS) throw new PositionFrameError(`Slot out of range: ${r.slot}`);
    if (!(Math.abs(r.lng) <= 180 && Math.abs(r.lat) <= 90)) throw new PositionFrameError(`Coordinates out of range: ${r.lng}, ${r.lat}`);
    view.setUint16(offset, r.slot, true);
    view.setInt32(offset + 2, Math.round(r.lng * COORD_SCALE), true);
    view.setInt32(offset + 6, Math.round(r.lat * COORD_SCALE), true);
    view.setUint16(offset + 10, encodeSpeed(r.speedMps), true);
    view.setUint16(offset + 12, encodeHeading(r.headingDeg), true);
    view.setUint8(offset + 14, r.flags & 0xff);
    offset += FRAME_RECORD_BYTES;
  }
  return bytes;
}

/** Reads and checks the header; a frame of the wrong version or length is refused whole. */
export function readFrameHeader(bytes: Uint8Array): FrameHeader {
  if (bytes.byteLength < FRAME_HEADER_BYTES) throw new PositionFrameError(`Frame too short: ${bytes.byteLength} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint8(0);
  if (version !== POSITION_FRAME_VERSION) throw new PositionFrameError(`Unknown frame version ${version}`);
  const count = view.getUint16(2, true);
  if (bytes.byteLength !== frameByteLength(count)) {
    throw new PositionFrameError(`Frame of ${count} records must be ${frameByteLength(count)} bytes, got ${bytes.byteLength}`);
  }
  return { version, count, epoch: view.getUint32(4, true), sequence: view.getUint32(8, true), serverTimeMs: view.getFloat64(12, true) };
}

/** Reads a frame, calling `visit` per record in order; returns the header. */
export function readPositionFrame(bytes: Uint8Array, visit: RecordVisitor): FrameHeader {
  const header = readFrameHeader(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = FRAME_HEADER_BYTES;
  for (let i = 0; i < header.count; i++) {
    const speed = view.getUint16(offset + 10, true);
    const heading = view.getUint16(offset + 12, true);
    visit(
      view.getUint16(offset, true),
      view.getInt32(offset + 2, true) / COORD_SCALE,
      view.getInt32(offset + 6, true) / COORD_SCALE,
      speed === UNKNOWN_U16 ? null : speed / 100,
      heading === UNKNOWN_U16 ? null : heading / 10,
      view.getUint8(offset + 14),
    );
    offset += FRAME_RECORD_BYTES;
  }
  return header;
}

/** Reads a whole frame into objects: for tests and server-side consumers; the browser uses readPositionFrame. */
export function decodePositionFrame(bytes: Uint8Array): { header: FrameHeader; records: PositionRecord[] } {
  const records: PositionRecord[] = [];
  const header = readPositionFrame(bytes, (slot, lng, lat, speedMps, headingDeg, flags) => {
    records.push({ slot, lng, lat, speedMps, headingDeg, flags });
  });
  return { header, records };
}

/** Socket.IO hands binary to Node clients as Buffer and to browsers as ArrayBuffer; both become a Uint8Array view. */
export function frameBytes(payload: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
  return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
}

function encodeSpeed(speedMps: number | null): number {
  if (speedMps === null || !Number.isFinite(speedMps) || speedMps < 0) return UNKNOWN_U16;
  return Math.min(Math.round(speedMps * 100), UNKNOWN_U16 - 1);
}

function encodeHeading(headingDeg: number | null): number {
  if (headingDeg === null || !Number.isFinite(headingDeg)) return UNKNOWN_U16;
  const normalised = ((headingDeg % 360) + 360) % 360;
  return Math.round(normalised * 10) % 3600;
}
