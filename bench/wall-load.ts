/**
 * The wall under load (issue 11): one connected wall counts the position frames it receives while 50 signed-in
 * clients read, as fast as answers come, first the wall's KPIs, then the order list (100 orders a page), each for
 * `seconds`. Pass: the wall keeps ≥ 90 % of its idle frame rate with no gap over 250 ms, and p95 of the reads is at
 * most 300 ms. Side by side: the product (embedded database in its owner thread, shared reads), today's design
 * before it (embedded database on the main thread, no shared reads) and the product on PostgreSQL.
 * Each server runs in its own process (bench/wall-load-server.ts) with the simulator moving the units, and the wall
 * in another (bench/wall-load-wall.ts), so the load generator's own event loop cannot delay the frames it counts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { connectDatabase } from '@/db/connect';
import { p95, quantile, round } from './stats';

type Design = 'owner' | 'today' | 'postgres';
const CLIENTS = 50;
const IDLE_SECONDS = 10;

const READS = {
  kpis: '/api/trpc/map.kpis',
  orderList: `/api/trpc/orders.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 100 } }))}`,
};

async function startServer(design: Design, target: string): Promise<{ child: ChildProcess; port: number; cookie: string }> {
  const child = spawn('npx', ['tsx', 'bench/wall-load-server.ts', design, target], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const ready = await new Promise<{ port: number; cookie: string }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"port"'));
      if (line) resolve(JSON.parse(line) as { port: number; cookie: string });
    });
    child.once('exit', (code) => reject(new Error(`wall-load server (${design}) exited with ${code}`)));
  });
  child.stdout!.resume();
  return { child, ...ready };
}

async function stopServer(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
}

/** Frame arrivals between two instants: rate and the longest gap (the first gap counts from the window's start). */
function frameStats(arrivals: number[], from: number, to: number) {
  const inside = arrivals.filter((t) => t >= from && t < to);
  let last = from;
  let maxGap = 0;
  for (const t of inside) {
    maxGap = Math.max(maxGap, t - last);
    last = t;
  }
  maxGap = Math.max(maxGap, to - last);
  return { framesPerSecond: round(inside.length / ((to - from) / 1000), 2), maxGapMs: round(maxGap, 0) };
}

/** Epoch milliseconds with sub-millisecond precision, comparable across this machine's processes. */
const epochNow = () => performance.timeOrigin + performance.now();

/** Starts the wall's own process; `stop` ends it and returns every frame's arrival time. */
async function startWall(baseUrl: string, cookie: string): Promise<{ stop(): Promise<number[]> }> {
  const child = spawn('npx', ['tsx', 'bench/wall-load-wall.ts', baseUrl, cookie], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (out.includes('connected\n')) {
        clearInterval(check);
        resolve();
      }
    }, 20);
    child.once('exit', (code) => {
      clearInterval(check);
      reject(new Error(`the wall process exited with ${code}`));
    });
  });
  return {
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin!.write('stop\n');
      await exited;
      const line = out.split('\n').find((l) => l.startsWith('['));
      return line ? (JSON.parse(line) as number[]) : [];
    },
  };
}

async function readLoad(baseUrl: string, cookie: string, path: string, seconds: number) {
  const latencies: number[] = [];
  let failures = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const response = await fetch(baseUrl + path, { headers: { cookie } });
        await response.arrayBuffer();
        if (response.ok) latencies.push(performance.now() - t0);
        else failures += 1;
      }
    }),
  );
  return { reads: latencies.length, failures, p50Ms: round(quantile(latencies, 0.5), 0), p95Ms: round(p95(latencies), 0) };
}

async function measure(design: Design, target: string, seconds: number) {
  const server = await startServer(design, target);
  const baseUrl = `http://127.0.0.1:${server.port}`;
  const wall = await startWall(baseUrl, server.cookie);
  // How late the load generator itself ran, reported beside the figures (the wall no longer shares its loop).
  const loop = monitorEventLoopDelay({ resolution: 10 });
  let stopped = false;
  try {
    await new Promise((resolve) => setTimeout(resolve, 2000)); // let the simulator's first moves settle
    const idleWindow = { from: epochNow(), to: 0 };
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    idleWindow.to = epochNow();
    const measured: Array<{ name: string; from: number; to: number; reads: Awaited<ReturnType<typeof readLoad>>; loopP99: number }> = [];
    for (const [name, path] of Object.entries(READS)) {
      loop.reset();
      loop.enable();
      const from = epochNow();
      const reads = await readLoad(baseUrl, server.cookie, path, seconds);
      measured.push({ name, from, to: epochNow(), reads, loopP99: round(loop.percentile(99) / 1e6, 0) });
      loop.disable();
    }
    const arrivals = await wall.stop();
    stopped = true;
    const idle = frameStats(arrivals, idleWindow.from, idleWindow.to);
    const phases: Record<string, unknown> = {};
    for (const m of measured) {
      const frames = frameStats(arrivals, m.from, m.to);
      const keptRatio = round(frames.framesPerSecond / idle.framesPerSecond, 3);
      phases[m.name] = {
        ...m.reads,
        wall: { ...frames, keptRatio },
        loadGeneratorLoopDelayP99Ms: m.loopP99,
        pass: keptRatio >= 0.9 && frames.maxGapMs <= 250 && m.reads.p95Ms <= 300 && m.reads.failures === 0,
      };
    }
    return { idle, ...phases };
  } finally {
    if (!stopped) await wall.stop().catch(() => []);
    await stopServer(server.child);
  }
}

async function freshPostgres(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = await connectDatabase({ databaseUrl: serverUrl, poolSize: 1 });
  const name = `onemap_bench_${randomBytes(6).toString('hex')}`;
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
      await admin.close();
    },
  };
}

export async function runWallLoadBench(options: { serverUrl: string; seconds?: number; designs?: Design[] }) {
  const seconds = options.seconds ?? 30;
  const results: Record<string, unknown> = {};
  for (const design of options.designs ?? (['owner', 'today', 'postgres'] as Design[])) {
    console.log(`   wall-load: ${design}`);
    if (design === 'postgres') {
      const database = await freshPostgres(options.serverUrl);
      try {
        results[design] = await measure(design, database.url, seconds);
      } finally {
        await database.drop();
      }
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'onemap-wall-load-'));
      try {
        results[design] = await measure(design, dir, seconds);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  type Phase = { p95Ms: number; wall: { keptRatio: number } };
  const ratio = (name: keyof typeof READS) => {
    const owner = (results.owner as Record<string, Phase> | undefined)?.[name];
    const today = (results.today as Record<string, Phase> | undefined)?.[name];
    return owner && today
      ? {
          p95TodayOverProduct: round(today.p95Ms / owner.p95Ms, 1),
          framesKeptProductOverToday: round(owner.wall.keptRatio / today.wall.keptRatio, 1),
        }
      : null;
  };
  return {
    name: 'wall under load: 50 readers of the KPIs, then of the order list, while a wall receives position frames',
    notes: [
      `${CLIENTS} clients, ${seconds} s per read, each reading again as soon as answered; the idle frame rate is measured for ${IDLE_SECONDS} s before.`,
      'owner: the product (embedded PGlite in its owner thread, shared reads); today: embedded PGlite on the main thread, no shared reads; postgres: the product on PostgreSQL.',
      'Pass: frames kept ≥ 90 % of idle, no gap over 250 ms, p95 of the reads ≤ 300 ms, no failed read.',
    ],
    results,
    ratios: { kpis: ratio('kpis'), orderList: ratio('orderList') },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('set TEST_DATABASE_URL to a PostgreSQL server for the postgres design');
  const designs = process.argv.slice(2).filter((a) => ['owner', 'today', 'postgres'].includes(a)) as Design[];
  const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))?.slice(10) ?? 30);
  runWallLoadBench({ serverUrl, seconds, designs: designs.length ? designs : undefined }).then((r) =>
    console.log(JSON.stringify(r, null, 2)),
  );
}
