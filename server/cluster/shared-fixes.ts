/**
 * The positions one app process shares with the others (server/cluster/cluster-link.ts): each process receives
 * only its own devices' reports, yet every wall, whichever process it is connected to, must show every unit. A
 * batch is one binary message: who sent it (so a process skips its own) and 40 bytes per fix.
 */
import type { PositionSource } from '@/db/schema';
import type { PositionFix } from '@/server/units/live-types';

export interface SharedFix extends PositionFix {
  unitId: number;
  source: PositionSource;
}

const SOURCES: readonly PositionSource[] = ['device', 'osmand', 'simulator'];
const HEADER_BYTES = 8;
const FIX_BYTES = 40;

/** One process's batch: its sender id (random per process) and the fixes it accepted since the last batch. */
export function encodeSharedFixes(senderId: number, fixes: readonly SharedFix[]): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES + fixes.length * FIX_BYTES);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  view.setUint32(0, senderId);
  view.setUint32(4, fixes.length);
  fixes.forEach((fix, i) => {
    const at = HEADER_BYTES + i * FIX_BYTES;
    view.setUint32(at, fix.unitId);
    view.setFloat64(at + 4, fix.lng);
    view.setFloat64(at + 12, fix.lat);
    view.setFloat64(at + 20, fix.recordedAt);
    // NaN stands for "not reported" (a null speed or heading).
    view.setFloat32(at + 28, fix.speedMps ?? Number.NaN);
    view.setFloat32(at + 32, fix.headingDeg ?? Number.NaN);
    view.setUint8(at + 36, SOURCES.indexOf(fix.source));
  });
  return bytes;
}

/** The batch's sender and fixes; null for a message that is not a whole batch (never trusted half-read). */
export function decodeSharedFixes(bytes: Uint8Array): { senderId: number; fixes: SharedFix[] } | null {
  if (bytes.byteLength < HEADER_BYTES) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(4);
  if (bytes.byteLength !== HEADER_BYTES + count * FIX_BYTES) return null;
  const fixes: SharedFix[] = [];
  for (let i = 0; i < count; i++) {
    const at = HEADER_BYTES + i * FIX_BYTES;
    const source = SOURCES[view.getUint8(at + 36)];
    if (!source) return null;
    const speed = view.getFloat32(at + 28);
    const heading = view.getFloat32(at + 32);
    fixes.push({
      unitId: view.getUint32(at),
      lng: view.getFloat64(at + 4),
      lat: view.getFloat64(at + 12),
      recordedAt: view.getFloat64(at + 20),
      speedMps: Number.isNaN(speed) ? null : speed,
      headingDeg: Number.isNaN(heading) ? null : heading,
      source,
    });
  }
  return { senderId: view.getUint32(0), fixes };
}
