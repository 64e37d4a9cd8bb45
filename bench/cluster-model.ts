/**
 * The capacity model of docs/capacity-model.md, fed by the cluster benchmark's measured points: per-process CPU is
 *   ingest × positions this process accepts + peers × positions it hears from the others + wall × its walls,
 * with a wall's cost proportional to the positions it receives. Redis's CPU grows with the fixes it carries times
 * the processes it delivers them to (pub/sub: every process hears every fix); PostgreSQL's with the positions
 * accepted (history rows kept by the sampler, batched last-position saves). Pure: no I/O.
 */

/** Costs in % of one core. */
export interface Coefficients {
  /** Per 1,000 positions/s a process accepts: ingest route, live store, history, last-position saves. */
  ingestPer1kPerSecond: number;
  /** Per 1,000 positions/s a process hears from its peers (and the sharing of its own over Redis). */
  peersPer1kPerSecond: number;
  /**
   * Per wall client per 1,000 positions/s it receives in frames (measured as the time spent handing frames to
   * Socket.IO; a frame is encoded once, so this is mostly a socket write per wall per frame).
   */
  wallPer1kPerSecond: number;
  /** Redis, per 1,000 fixes/s delivered to one subscribing process. */
  redisPer1kDelivered: number;
  /** PostgreSQL, per 1,000 positions/s accepted by all processes together. */
  postgresPer1kPerSecond: number | null;
}

export interface PhaseCpu {
  /** Mean CPU of one app process, % of one core. */
  processCpu: number;
  redisCpu: number;
  postgresCpu: number | null;
}

/**
 * One app process over one measured window, at the rates the machine actually reached (a contended machine may
 * post less than asked): its CPU less the time it spent sending frames to its walls (measured directly), and the
 * thousands of positions a second it accepted and heard from its peers.
 */
export interface ProcessSample {
  cpuLessWalls: number;
  ownK: number;
  heardK: number;
}

/** Least squares of cpuLessWalls = ingest × ownK + peers × heardK over every process of every point. */
export function fitProcessCosts(samples: readonly ProcessSample[]): Pick<Coefficients, 'ingestPer1kPerSecond' | 'peersPer1kPerSecond'> {
  // Normal equations AᵀA x = Aᵀb, 2 × 2.
  const sum = (f: (s: ProcessSample) => number) => samples.reduce((total, s) => total + f(s), 0);
  const [oo, oh, hh] = [sum((s) => s.ownK * s.ownK), sum((s) => s.ownK * s.heardK), sum((s) => s.heardK * s.heardK)];
  const [ob, hb] = [sum((s) => s.ownK * s.cpuLessWalls), sum((s) => s.heardK * s.cpuLessWalls)];
  const det = oo * hh - oh * oh;
  return { ingestPer1kPerSecond: (ob * hh - hb * oh) / det, peersPer1kPerSecond: (oo * hb - oh * ob) / det };
}

export interface Deployment {
  /** Thousands of positions a second, all units together. */
  unitsK: number;
  processes: number;
  walls: number;
  /** Thousands of positions a second each wall receives. */
  perWallK: number;
  /** Thousands of positions a second each process hears from the others (all but its own, unless sharded). */
  heardK?: number;
}

export function predict(c: Coefficients, d: Deployment): PhaseCpu {
  const ownK = d.unitsK / d.processes;
  const heardK = d.heardK ?? d.unitsK - ownK;
  const processCpu =
    ownK * c.ingestPer1kPerSecond + heardK * c.peersPer1kPerSecond + (d.walls / d.processes) * d.perWallK * c.wallPer1kPerSecond;
  // Each process subscribes, so Redis writes every fix once per process (the sender's own copy is dropped by it).
  const redisCpu = c.redisPer1kDelivered * d.unitsK * d.processes;
  const postgresCpu = c.postgresPer1kPerSecond === null ? null : c.postgresPer1kPerSecond * d.unitsK;
  return { processCpu, redisCpu, postgresCpu };
}

/** The fewest processes (up to 64) that keep each under `targetCpu` % of a core; null: more processes do not help. */
export function processesFor(c: Coefficients, d: Omit<Deployment, 'processes'>, targetCpu: number, sharded = false): number | null {
  for (let processes = 1; processes <= 64; processes++) {
    // Sharded: a process hears only the districts its walls watch, about its share of the city.
    const heardK = sharded ? d.unitsK / processes : undefined;
    if (predict(c, { ...d, processes, heardK }).processCpu <= targetCpu) return processes;
  }
  return null;
}
