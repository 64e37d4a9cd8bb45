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

/**
 * What a device last said besides a usable position (Traccar Client and OsmAnd send these): kept on the unit and
 * shown in its detail. `invalidFix` is a position the device itself marked invalid: kept, never shown as current.
 */
export interface DeviceStatus {
  /** Epoch ms the report was received (server clock). */
  at: number;
  batteryPercent?: number;
  charging?: boolean;
  pushToken?: string;
  cell?: string;
  wifi?: string;
  alarm?: string;
  invalidFix?: { lng: number; lat: number; at: number };
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
  /** The device's last report besides positions, if it ever sent one. */
  device: DeviceStatus | null;
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
