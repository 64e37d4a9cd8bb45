/**
 * The server's one time source. Every service that stamps or judges time (intake, deadlines, the ledger, alarms,
 * the cockpit, lighting, summaries, partner deliveries) is given a Clock by the composition root (server/app.ts),
 * so tests move time by hand instead of waiting. Calendar arithmetic on Asia/Shanghai days is pure and lives in
 * domain/shanghai-time.ts.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: for tests and benchmarks. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }

  advanceMinutes(minutes: number): void {
    this.current += minutes * 60_000;
  }
}
