/** What the fan-out benchmark's parent (fanout.ts) and server child (fanout-server.ts) say to each other. */

export type FanoutMode = 'binary' | 'json';

/** How the parent starts a server child (one JSON argument). */
export interface FanoutServerOptions {
  /** Units in the database (seeded, or already there when `seed` is false). */
  units: number;
  /** Write every device position to the history (group commit), as in production. */
  history: boolean;
  /** PostgreSQL (postgres://…); absent: an embedded database in a temporary folder. */
  databaseUrl?: string;
  /** Create the schema, units, device keys and the bench user; false: another child already did, on databaseUrl. */
  seed?: boolean;
  /** Join the other children through this Redis, as REDIS_URL joins app processes. */
  redisUrl?: string;
}
export type ParentMessage = { mode: FanoutMode } | { cpu: 'start' | 'stop' } | { stop: true };
export type ChildMessage =
  | { ready: { port: number; cookie: string; firstUnitId: number; units: number } }
  | {
      cpu: {
        userMs: number;
        systemMs: number;
        wallMs: number;
        eventLoopP99Ms: number;
        holdMs: { median: number; p95: number };
        /** Time spent handing frames to Socket.IO (its packets and every wall's socket write): the walls' own cost. */
        frameSendMs: number;
      };
    };

/** The JSON a common implementation sends per position. */
export interface JsonPosition {
  id: number;
  lng: number;
  lat: number;
  speed: number | null;
  heading: number | null;
  at: number;
}

export const benchDeviceKey = (index: number) => `bench-device-key-${index.toString().padStart(5, '0')}`;
export const benchUnitCode = (index: number) => `B${index.toString().padStart(5, '0')}`;
