/** Domain types of live units, shared by the live store, ingest, the simulator and the tRPC router. */
import type { PositionSource, UnitKind } from '@/db/schema';

/** One position as a device (or the simulator) reported it, already validated. */
export interface PositionFix {
  lng: number;
  lat: number;
  /** Epoch ms when the fix was taken (device clock). */
  recordedAt: number;
  /** Metres per second. */
  speedMps: number | null;
  /** Degrees clockwise from north. */
  headingDeg: number | null;
}

export interface SnapshotUnit {
  /** Index in the snapshot's units array and in position frames. */
  slot: number;
  id: number;
  code: string;
  kind: UnitKind;
  name: string;
  subDistrictCode: string;
  /** Demo data, not a real device. */
  synthetic: boolean;
  online: boolean;
  position: {
    lng: number;
    lat: number;
    speedMps: number | null;
    headingDeg: number | null;
    /** Epoch ms of the fix. */
    at: number;
  } | null;
  /** Epoch ms of the last report received, null if never. */
  lastSeenAt: number | null;
  source: PositionSource | null;
}

export interface UnitsSnapshot {
  /** Frames whose epoch differs were made for another slot table: re-read the snapshot. */
  epoch: number;
  /** The last frame sent before this snapshot: apply only frames with a greater sequence. */
  sequence: number;
  serverTime: number;
  frameIntervalMs: number;
  offlineAfterSeconds: number;
  units: SnapshotUnit[];
}
