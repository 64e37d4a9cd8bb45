/**
 * The cluster benchmark's devices: every unit reports once a second through POST /api/ingest/positions, in 50
 * requests a second (one every 20 ms, each with the next units/50 units), handed to the app processes in turn as
 * nginx's round robin would. What was last posted per unit is kept so a client can recognise it coming back.
 */
import { benchDeviceKey, benchUnitCode } from './fanout-protocol';

const TICK_MS = 20;
const REQUESTS_PER_SECOND = 1000 / TICK_MS;
/** Ticks are skipped while this many requests wait: the servers cannot keep up, and the count says so. */
const MAX_IN_FLIGHT = 64;

export class DeviceLoad {
  /** When each unit's last position was posted (performance.now()) and its longitude in 1e-7 degrees. */
  readonly sentAt: Float64Array;
  readonly sentLngE7: Int32Array;
  posted = 0;
  /** Positions posted to each target (base URL). */
  readonly postedTo = new Map<string, number>();
  errors = 0;
  skipped = 0;
  responseMs: number[] = [];
  private tick = 0;
  private inFlight = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private targets: string[],
    private units: number,
    maxUnits: number,
  ) {
    this.sentAt = new Float64Array(maxUnits);
    this.sentLngE7 = new Int32Array(maxUnits);
  }

  /** Changes where requests go and how many units report, from the next tick. */
  retarget(targets: string[], units: number): void {
    this.targets = targets;
    this.units = units;
  }

  resetCounters(): void {
    this.posted = 0;
    this.postedTo.clear();
    this.errors = 0;
    this.skipped = 0;
    this.responseMs = [];
  }

  start(): void {
    this.timer ??= setInterval(() => this.send(), TICK_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private send(): void {
    if (this.inFlight >= MAX_IN_FLIGHT) {
      this.skipped++;
      return;
    }
    const batch = Math.ceil(this.units / REQUESTS_PER_SECOND);
    const first = (this.tick % REQUESTS_PER_SECOND) * batch;
    const second = Math.floor((this.tick * TICK_MS) / 1000);
    const target = this.targets[this.tick % this.targets.length];
    this.tick++;
    const now = performance.now();
    const positions = [];
    for (let i = first; i < Math.min(first + batch, this.units); i++) {
      // A slow drift (≈1 m/s east), so every report is a move and the history's sampler keeps one every ≈20 m.
      const lng = 121.3 + (i % 100) * 0.002 + (second % 1000) * 1e-5;
      const lat = 31.15 + Math.floor(i / 100) * 0.001;
      this.sentAt[i] = now;
      this.sentLngE7[i] = Math.round(lng * 1e7);
      positions.push({ deviceId: benchUnitCode(i), key: benchDeviceKey(i), lng, lat, timestamp: Date.now(), speed: 3.5, heading: 90 });
    }
    if (positions.length === 0) return;
    this.inFlight++;
    this.posted += positions.length;
    this.postedTo.set(target, (this.postedTo.get(target) ?? 0) + positions.length);
    fetch(`${target}/api/ingest/positions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ positions }),
    })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status !== 200) this.errors++;
        this.responseMs.push(performance.now() - now);
      })
      .catch(() => this.errors++)
      .finally(() => this.inFlight--);
  }
}
