/** What the fan-out benchmark's parent (fanout.ts) and server child (fanout-server.ts) say to each other. */

export type FanoutMode = 'binary' | 'json';
export type ParentMessage = { mode: FanoutMode } | { cpu: 'start' | 'stop' } | { stop: true };
export type ChildMessage =
  | { ready: { port: number; cookie: string; firstUnitId: number; units: number } }
  | { cpu: { userMs: number; systemMs: number; wallMs: number; eventLoopP99Ms: number; holdMs: { median: number; p95: number } } };

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
