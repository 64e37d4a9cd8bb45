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
  /** Per wall client per 1,000 positions/s it receives in frames. */
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
 * post less than asked): thousands of positions a second it accepted, heard from its peers, and sent to its walls
 * (walls × positions each received).
 */
export interface ProcessSample {
  cpu: number;
  ownK: number;
  heardK: number;
  wallK: number;
}

/** Least squares of cpu = ingest × ownK + peers × heardK + wall × wallK over every process of every point. */
export function fitProcessCosts(
  samples: readonly ProcessSample[],
): Pick<Coefficients, 'ingestPer1kPerSecond' | 'peersPer1kPerSecond' | 'wallPer1kPerSecond'> {
  const rows = samples.map((s) => [s.ownK, s.heardK, s.wallK]);
  // Normal equations AᵀA x = Aᵀb, 3 × 3, solved by Cramer's rule.
  const ata = [0, 1, 2].map((i) => [0, 1, 2].map((j) => rows.reduce((sum, r) => sum + r[i] * r[j], 0)));
  const atb = [0, 1, 2].map((i) => rows.reduce((sum, r, k) => sum + r[i] * samples[k].cpu, 0));
  const det3 = (m: number[][]) =>
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
    m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
    m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const det = det3(ata);
  const solve = (column: number) => det3(ata.map((row, i) => row.map((v, j) => (j === column ? atb[i] : v)))) / det;
  return { ingestPer1kPerSecond: solve(0), peersPer1kPerSecond: solve(1), wallPer1kPerSecond: solve(2) };
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
