/**
 * City-scale fan-out: the live positions through several app processes joined by Redis on one PostgreSQL, against
 * the same load on one process, in one run (`npm run bench -- cluster`):
 *  (a) one process on PostgreSQL, 10,000 units at 1 Hz, 40 wall clients — then 10 clients (the walls' share);
 *  (b) two processes joined by a throw-away Redis on the same database, the same load with requests alternating
 *      between them (nginx's round robin) and the clients split 20/20;
 *  (b') the same with every request to the first process, so the second only hears its peer;
 *  (c) the model's check: two processes, 15,000 units and 30/30 clients, predicted from (a) and (b) before it runs.
 * Per point: p95/median ingest → client latency, each process's CPU (its own process.cpuUsage), Redis's CPU and
 * commands (INFO), PostgreSQL's transactions, rows, WAL and CPU (/proc), ingest errors and frames per client.
 * The server children are bench/fanout-server.ts; the capacity model that reads these figures is
 * docs/capacity-model.md (bench/cluster-model.ts).
 *
 * On a 2-core machine the processes, Redis, PostgreSQL and this load generator with its clients all share the
 * same cores: the figures are costs per core, not a demonstration of scaling out.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { frameBytes, readPositionFrame } from '@/domain/realtime/position-frame';
import { startTestRedis } from '@/tests/redis/throwaway-redis';
import {
  type Coefficients,
  type Deployment,
  fitProcessCosts,
  type PhaseCpu,
  predict,
  type ProcessSample,
  processesFor,
} from './cluster-model';
import { DeviceLoad } from './cluster-load';
import { openPostgresProbe, openRedisProbe, type PostgresRates, postgresRates, type RedisRates, redisRates } from './cluster-probes';
import { bytesRead, connectClient, type FanoutServerChild, lagMonitor, sleep, startFanoutServer } from './fanout-parts';
import { machineNow, type MachineInfo } from './fanout-machine';
import { latencySummary, median, p95, round } from './stats';

export interface ClusterFanoutOptions {
  /** A PostgreSQL server (postgres://…); a database of its own is created on it and dropped afterwards. */
  serverUrl: string;
  units?: number;
  clients?: number;
  /** Clients left for the one-process point that separates the walls' cost from the ingest's. */
  fewClients?: number;
  checkUnits?: number;
  checkClients?: number;
  warmupSeconds?: number;
  measureSeconds?: number;
}

export interface ClusterPoint {
  name: string;
  processes: number;
  units: number;
  clientsPerProcess: number[];
  postedPositionsPerSecond: number;
  /** Positions a second posted to each process. */
  postedPerProcess: number[];
  latencyMs: { median: number; p95: number; max: number; samples: number };
  receivedPositionsPerClientPerSecond: number;
  framesPerClientPerSecond: number;
  bytesPerPosition: number;
  /** Each app process, % of one core. */
  processCpuPercent: number[];
  processEventLoopDelayP99Ms: number[];
  /** Of each process's CPU, the time spent handing frames to its walls' sockets, % of one core. */
  processFrameSendCpuPercent: number[];
  /** Position applied → frame handed to Socket.IO, in the process that accepted it. */
  serverHoldMsP95: number;
  /** The load generator and every client: one process, sharing the same cores. */
  loadGeneratorCpuPercent: number;
  loadGeneratorEventLoopDelayP99Ms: number;
  ingestResponseMsP95: number;
  ingestErrors: number;
  skippedBatches: number;
  redis: RedisRates | null;
  postgres: PostgresRates;
}

const SAMPLE_EVERY = 10;

export async function runClusterFanoutBench(options: ClusterFanoutOptions) {
  const units = options.units ?? 10_000;
  const clients = options.clients ?? 40;
  const fewClients = options.fewClients ?? 10;
  const checkUnits = options.checkUnits ?? 15_000;
  const checkClients = options.checkClients ?? 60;
  const warmupMs = (options.warmupSeconds ?? 4) * 1000;
  const measureMs = (options.measureSeconds ?? 10) * 1000;
  const loadAtStart = uptime();
  const started = performance.now();

  const database = await createBenchDatabase(options.serverUrl);
  const redis = await startTestRedis();
  const redisProbe = await openRedisProbe(redis.url);
  const pgProbe = await openPostgresProbe(database.url);
  const load = new DeviceLoad([], units, Math.max(units, checkUnits));
  let latencies: number[] = [];
  const walls: Array<{ socket: Socket; positions: number; frames: number }> = [];
  let servers: FanoutServerChild[] = [];

  const openWalls = async (server: FanoutServerChild, count: number) => {
    for (let i = 0; i < count; i++) {
      const wall = { socket: await connectClient(server.baseUrl, server.ready.cookie), positions: 0, frames: 0 };
      wall.socket.on('positions:frame', (payload: ArrayBuffer | Uint8Array) => {
        const now = performance.now();
        // Every process numbers the units in the same slots (all read the same table in id order): slot = unit index.
        const header = readPositionFrame(frameBytes(payload), (slot, lng) => {
          if (slot % SAMPLE_EVERY === 0 && Math.round(lng * 1e7) === load.sentLngE7[slot]) latencies.push(now - load.sentAt[slot]);
        });
        wall.positions += header.count;
        wall.frames++;
      });
      walls.push(wall);
    }
  };
  const closeWalls = (count: number) => walls.splice(walls.length - count).forEach((w) => w.socket.close());

  const measure = async (name: string, pointUnits: number, clientsPerProcess: number[], warmup = warmupMs): Promise<ClusterPoint> => {
    await sleep(warmup);
    latencies = [];
    load.resetCounters();
    walls.forEach((w) => Object.assign(w, { positions: 0, frames: 0 }));
    const bytesBefore = walls.map((w) => bytesRead(w.socket));
    const lag = lagMonitor();
    const ownCpu = process.cpuUsage();
    const [redisBefore, pgBefore] = [await redisProbe.sample(), await pgProbe.sample()];
    servers.forEach((s) => s.send({ cpu: 'start' }));
    const from = performance.now();
    await sleep(measureMs);
    const cpus = await Promise.all(servers.map((s) => s.stopCpu()));
    const [redisAfter, pgAfter] = [await redisProbe.sample(), await pgProbe.sample()];
    const seconds = (performance.now() - from) / 1000;
    const own = process.cpuUsage(ownCpu);
    const bytes = walls.reduce((sum, w, i) => sum + bytesRead(w.socket) - bytesBefore[i], 0);
    const received = walls.reduce((sum, w) => sum + w.positions, 0);
    return {
      name,
      processes: servers.length,
      units: pointUnits,
      clientsPerProcess,
      postedPositionsPerSecond: round(load.posted / seconds, 0),
      postedPerProcess: servers.map((s) => round((load.postedTo.get(s.baseUrl) ?? 0) / seconds, 0)),
      latencyMs: latencySummary(latencies),
      receivedPositionsPerClientPerSecond: round(median(walls.map((w) => w.positions)) / seconds, 0),
      framesPerClientPerSecond: round(median(walls.map((w) => w.frames)) / seconds, 1),
      bytesPerPosition: round(bytes / received, 2),
      processCpuPercent: cpus.map((c) => round(((c.userMs + c.systemMs) / c.wallMs) * 100, 1)),
      processEventLoopDelayP99Ms: cpus.map((c) => round(c.eventLoopP99Ms, 1)),
      processFrameSendCpuPercent: cpus.map((c) => round((c.frameSendMs / c.wallMs) * 100, 2)),
      serverHoldMsP95: round(Math.max(...cpus.map((c) => c.holdMs.p95)), 1),
      loadGeneratorCpuPercent: round(((own.user + own.system) / 1000 / (seconds * 1000)) * 100, 1),
      loadGeneratorEventLoopDelayP99Ms: round(lag.stop(), 1),
      ingestResponseMsP95: round(p95(load.responseMs), 1),
      ingestErrors: load.errors,
      skippedBatches: load.skipped,
      redis: servers.length > 1 ? roundAll(redisRates(redisBefore, redisAfter, seconds)) : null,
      postgres: roundAll(postgresRates(pgBefore, pgAfter, seconds)),
    };
  };

  try {
    // (a) One process, no Redis; it seeds the database for every later process (enough units for the check).
    servers = [await startFanoutServer({ units: Math.max(units, checkUnits), history: true, databaseUrl: database.url })];
    await openWalls(servers[0], clients);
    load.retarget([servers[0].baseUrl], units);
    load.start();
    // A longer first warm-up: a fresh process's first seconds (JIT, pools, history partitions) are not its steady state.
    const oneMany = await measure(`1 process, ${clients} clients`, units, [clients], warmupMs * 2.5);
    closeWalls(clients - fewClients);
    const oneFew = await measure(`1 process, ${fewClients} clients`, units, [fewClients]);
    load.stop();
    closeWalls(walls.length);
    await Promise.all(servers.map((s) => s.stop()));

    // (b) Two processes joined by Redis on the same database, requests in turn, walls split evenly.
    servers = await Promise.all(
      [0, 1].map(() =>
        startFanoutServer({ units: checkUnits, history: true, databaseUrl: database.url, seed: false, redisUrl: redis.url }),
      ),
    );
    for (const server of servers) await openWalls(server, clients / 2);
    load.retarget(
      servers.map((s) => s.baseUrl),
      units,
    );
    load.start();
    const two = await measure(`2 processes + Redis, ${clients / 2}/${clients / 2} clients`, units, [clients / 2, clients / 2]);

    // (b') The same, every request to the first process: the second only hears its peer (the peers' share, alone).
    load.retarget([servers[0].baseUrl], units);
    const twoOneIngest = await measure(`2 processes + Redis, ${clients / 2}/${clients / 2} clients, every request to the first`, units, [
      clients / 2,
      clients / 2,
    ]);
    // (c) The check: predicted from (a), (a'), (b) and (b') first, then measured.
    const coefficients = fitCoefficients([oneMany, oneFew, two, twoOneIngest]);
    const predicted = predict(coefficients, { unitsK: checkUnits / 1000, processes: 2, walls: checkClients, perWallK: checkUnits / 1000 });
    for (const server of servers) await openWalls(server, (checkClients - clients) / 2);
    load.retarget(
      servers.map((s) => s.baseUrl),
      checkUnits,
    );
    // A longer warm-up again: the check's extra units come online for the first time (status, first history rows).
    const check = await measure(
      `2 processes + Redis, ${checkUnits} units, ${checkClients / 2}/${checkClients / 2} clients (model check)`,
      checkUnits,
      [checkClients / 2, checkClients / 2],
      warmupMs * 2.5,
    );
    load.stop();

    return {
      name: 'city-scale fan-out: app processes joined by Redis on PostgreSQL',
      measureSeconds: measureMs / 1000,
      points: [oneMany, oneFew, two, twoOneIngest, check],
      latencyP95TwoProcessesVsOne: round(two.latencyMs.p95 / oneMany.latencyMs.p95, 2),
      coefficients: roundAll(coefficients, 3),
      modelCheck: modelCheck(coefficients, predicted, check),
      shanghai: shanghaiPlan(coefficients),
      load: { atStart: loadAtStart, atEnd: uptime() },
      runSeconds: round((performance.now() - started) / 1000, 0),
      machine: machineNow() satisfies MachineInfo,
      notes: [
        'One run: (a) one process on PostgreSQL, (b) two processes joined by a throw-away Redis on the same database, (c) the model check; processes, Redis, PostgreSQL and the load generator with every client share this machine.',
        'On 2 cores everything here is CPU-bound together: the figures are CPU costs per core and latencies under contention, not a demonstration of scaling out. Other sessions may have been building at the same time: see load.',
        'Latency is end to end: from just before the POST to the frame decoded in a client, every 10th unit on every client; in (b) and (c) half the positions reach a client through the other process and Redis.',
        'Requests alternate between the processes; 50 requests a second, so each unit always reaches the same process (a device behind a round-robin balancer would alternate; the cost is the same).',
        'Process CPU is the app process alone (process.cpuUsage, its database pool included); PostgreSQL CPU is the postmaster and its backends from /proc; Redis CPU is INFO used_cpu_sys + used_cpu_user.',
        'Coefficients (% of one core): the walls’ share measured directly (time spent handing frames to Socket.IO, per 1,000 positions a wall receives); ingest and peers by least squares over every process of the first four points of (cpu − walls’ share) = ingest × positions accepted + peers × positions heard from the other process, at the rates actually posted and received (a contended machine may fall short of the nominal load); the peers’ share includes sharing its own fixes over Redis; Redis per 1,000 fixes/s delivered to one process, PostgreSQL per 1,000 positions/s accepted. See docs/capacity-model.md.',
      ],
    };
  } finally {
    load.stop();
    closeWalls(walls.length);
    await Promise.all(servers.map((s) => s.stop()));
    await redisProbe.close();
    await pgProbe.close();
    await redis.stop();
    await database.drop();
  }
}

function cpuOf(point: ClusterPoint): PhaseCpu {
  const cpus = point.processCpuPercent;
  return {
    processCpu: round(cpus.reduce((a, b) => a + b, 0) / cpus.length, 1),
    redisCpu: point.redis?.cpuPercentOfOneCore ?? 0,
    postgresCpu: point.postgres.cpuPercentOfOneCore,
  };
}

/** Each process of a point, at the rates it reached, for the least-squares fit. */
function processSamples(point: ClusterPoint): ProcessSample[] {
  return point.processCpuPercent.map((cpu, i) => ({
    cpuLessWalls: cpu - point.processFrameSendCpuPercent[i],
    ownK: point.postedPerProcess[i] / 1000,
    heardK: (point.postedPositionsPerSecond - point.postedPerProcess[i]) / 1000,
  }));
}

function fitCoefficients(points: ClusterPoint[]): Coefficients {
  const joined = points.filter((p) => p.redis !== null);
  const withPostgres = points.filter((p) => p.postgres.cpuPercentOfOneCore !== null);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const wallPositionsK = (p: ClusterPoint) => (sum(p.clientsPerProcess) * p.receivedPositionsPerClientPerSecond) / 1000;
  return {
    ...fitProcessCosts(points.flatMap(processSamples)),
    wallPer1kPerSecond: sum(points.map((p) => sum(p.processFrameSendCpuPercent))) / sum(points.map(wallPositionsK)),
    // Every process subscribes: Redis writes each fix once per process.
    redisPer1kDelivered:
      sum(joined.map((p) => p.redis!.cpuPercentOfOneCore)) / sum(joined.map((p) => (p.postedPositionsPerSecond / 1000) * p.processes)),
    postgresPer1kPerSecond:
      withPostgres.length === 0
        ? null
        : sum(withPostgres.map((p) => p.postgres.cpuPercentOfOneCore!)) / sum(withPostgres.map((p) => p.postedPositionsPerSecond / 1000)),
  };
}

function asMeasured(point: ClusterPoint): Deployment {
  return {
    unitsK: point.postedPositionsPerSecond / 1000,
    processes: point.processes,
    walls: point.clientsPerProcess.reduce((a, b) => a + b, 0),
    perWallK: point.receivedPositionsPerClientPerSecond / 1000,
  };
}

/**
 * The check point against the model: predicted from the other points before it ran, at its nominal load; and, since
 * a contended machine may post and deliver less than asked, again at the rates it actually reached.
 */
function modelCheck(c: Coefficients, beforehand: PhaseCpu, check: ClusterPoint) {
  const measured = cpuOf(check);
  const atMeasuredRates = predict(c, asMeasured(check));
  const error = (p: PhaseCpu) => `${round(((measured.processCpu - p.processCpu) / p.processCpu) * 100, 0)} %`;
  return {
    point: check.name,
    measured,
    predictedBeforehand: roundAll(beforehand),
    predictedAtMeasuredRates: roundAll(atMeasuredRates),
    processCpuErrorBeforehand: error(beforehand),
    processCpuErrorAtMeasuredRates: error(atMeasuredRates),
  };
}

/** All of Shanghai: 50,000 units at 1 Hz, 100 walls, 16 districts; processes kept at or under 60 % of a core. */
function shanghaiPlan(c: Coefficients) {
  const city = { unitsK: 50, walls: 100 };
  const target = 60;
  const plan = (perWallK: number, sharded: boolean) => {
    const processes = processesFor(c, { ...city, perWallK }, target, sharded);
    if (processes === null) return { processes: null, why: 'hearing every fix alone costs more than the target' };
    const cpu = predict(c, { ...city, perWallK, processes, heardK: sharded ? city.unitsK / processes : undefined });
    return { processes, ...roundAll(cpu, 0) };
  };
  return {
    targetProcessCpuPercent: target,
    everyWallEveryUnit: plan(city.unitsK, false),
    wallsByDistrict: plan(city.unitsK / 16, false),
    wallsByDistrictShardedFixes: plan(city.unitsK / 16, true),
  };
}

async function createBenchDatabase(serverUrl: string) {
  const name = `onemap_cluster_bench_${process.pid}`;
  const admin = new pg.Pool({ connectionString: serverUrl, max: 1 });
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await admin.end();
    },
  };
}

function uptime(): { loadAverage: number[]; uptime: string } {
  const loadAverage = loadavg().map((l) => round(l, 2));
  try {
    return { loadAverage, uptime: execFileSync('uptime', { encoding: 'utf8' }).trim() };
  } catch {
    return { loadAverage, uptime: 'uptime unavailable' };
  }
}

function roundAll<T extends object>(values: T, digits = 1): T {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'number' ? round(v, digits) : v])) as T;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL (a PostgreSQL server) is needed; `npm run bench -- cluster` starts one');
  runClusterFanoutBench({ serverUrl }).then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
