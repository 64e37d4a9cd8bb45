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
 * One measured point as the machine actually ran it: on a contended machine the load generator may post fewer
 * positions than asked for, so costs are fitted to what was posted and received, not to the nominal load.
 */
export interface MeasuredPoint extends PhaseCpu, Deployment {}

/**
 * From three measured points: one process with many and with few walls (two equations: ingest and walls), and
 * two or more processes joined by Redis (the peers' share, with the first two known).
 */
export function fitCoefficients(many: MeasuredPoint, few: MeasuredPoint, joined: MeasuredPoint): Coefficients {
  const walls = (p: MeasuredPoint) => p.walls * p.perWallK;
  const det = many.unitsK * walls(few) - few.unitsK * walls(many);
  const ingest = (many.processCpu * walls(few) - few.processCpu * walls(many)) / det;
  const wall = (many.unitsK * few.processCpu - few.unitsK * many.processCpu) / det;
  const ownK = joined.unitsK / joined.processes;
  const heardK = joined.heardK ?? joined.unitsK - ownK;
  const peers = (joined.processCpu - ownK * ingest - (walls(joined) / joined.processes) * wall) / heardK;
  const measuredPostgres = [many, few, joined].filter((p) => p.postgresCpu !== null);
  return {
    ingestPer1kPerSecond: ingest,
    peersPer1kPerSecond: peers,
    wallPer1kPerSecond: wall,
    redisPer1kDelivered: joined.redisCpu / (joined.unitsK * joined.processes),
    postgresPer1kPerSecond:
      measuredPostgres.length === 0
        ? null
        : measuredPostgres.reduce((sum, p) => sum + p.postgresCpu!, 0) / measuredPostgres.reduce((sum, p) => sum + p.unitsK, 0),
  };
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
