/**
 * Alarm benchmarks (issue 4, "Speed"), on the real app (HTTP ingest with a device key, Socket.IO to a signed-in
 * wall client), per dialect:
 *
 * latency — bursts of 1,000 alarms/s (4 gateways, each posting a batch of 25 every 100 ms, for 5 s): time from
 *   the start of the gateway's POST to the alarm arriving on the connected Socket.IO client; p95 target ≤ 250 ms.
 *   Side by side, the naive way at the same rate: one request-sized transaction per alarm that looks for an open
 *   alarm and inserts if none (check-then-insert), then reads and pushes it — and the ratio of the p95s.
 * duplicates — 50 concurrent repeats of the same fault: the product (INSERT … ON CONFLICT on the partial unique
 *   index) keeps one alarm with count 50; the naive check-then-insert, on a copy of the table without the index,
 *   is counted for how many duplicates it made.
 *
 * Run alone: npm run bench -- alarms
 */
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { DialectName } from '@/db/connect';
import type { AlarmNotice } from '@/domain/alarms/alarm-view';
import { connected, type LiveTestApp, openSocket, sessionCookieFor, startLiveApp } from '../tests/integration/units-fixtures';
import { median, p95, round } from './stats';

const GATEWAYS = 4;
const BATCH = 25;
const INTERVAL_MS = 100;
const SECONDS = 5;
const TARGET_P95_MS = 250;
const REPEATS = 50;

interface LatencyResult {
  alarms: number;
  received: number;
  medianMs: number;
  p95Ms: number;
  /** How late the event loop ran during the bursts (server and client share this process): p95 and max. */
  eventLoopDelayMs: { p95: number; max: number };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!condition() && Date.now() - start < timeoutMs) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Runs the bursts with `send(gateway, codes)` and measures send → socket for each code. */
async function bursts(t: LiveTestApp, prefix: string, send: (gateway: number, codes: string[]) => Promise<void>): Promise<LatencyResult> {
  const cookie = await sessionCookieFor(t.app, 'duty_officer');
  const socket = openSocket(t.baseUrl, cookie);
  await connected(socket);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  socket.on('alarm:changed', (notice: AlarmNotice) => {
    const sent = sentAt.get(notice.alarm.objectCode);
    if (sent !== undefined) {
      latencies.push(performance.now() - sent);
      sentAt.delete(notice.alarm.objectCode);
    }
  });
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  let n = 0;
  const inFlight: Promise<void>[] = [];
  const rounds = (SECONDS * 1000) / INTERVAL_MS;
  const start = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (let g = 0; g < GATEWAYS; g++) {
      const codes = Array.from({ length: BATCH }, () => `${prefix}-${++n}`);
      const at = performance.now();
      for (const c of codes) sentAt.set(c, at);
      inFlight.push(send(g, codes));
    }
    const next = start + (r + 1) * INTERVAL_MS;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
  }
  await Promise.all(inFlight);
  await waitFor(() => sentAt.size === 0, 10_000);
  loopDelay.disable();
  socket.close();
  return {
    alarms: n,
    received: latencies.length,
    medianMs: round(median(latencies)),
    p95Ms: round(p95(latencies)),
    eventLoopDelayMs: { p95: round(loopDelay.percentile(95) / 1e6), max: round(loopDelay.max / 1e6) },
  };
}

async function naiveIngestOne(t: LiveTestApp, code: string, table: 'alarms' | 'naive_alarms'): Promise<void> {
  const db = t.database.db;
  const now = new Date();
  const id = await db.transaction().execute(async (tx) => {
    const existing = await sql<{
      id: number;
    }>`SELECT id FROM ${sql.table(table)} WHERE object_kind = 'disposal_equipment' AND object_code = ${code}
      AND type = 'disposal.equipment' AND status IN ('active','acknowledged') LIMIT 1`.execute(tx);
    if (existing.rows[0]) {
      await sql`UPDATE ${sql.table(table)} SET count = count + 1, last_seen_at = ${now} WHERE id = ${existing.rows[0].id}`.execute(tx);
      return existing.rows[0].id;
    }
    const inserted = await sql<{
      id: number;
    }>`INSERT INTO ${sql.table(table)} (type, level, object_kind, object_code, status, first_seen_at, last_seen_at)
      VALUES ('disposal.equipment', 2, 'disposal_equipment', ${code}, 'active', ${now}, ${now}) RETURNING id`.execute(tx);
    return inserted.rows[0].id;
  });
  const row = await sql<{ id: number; seq: string }>`SELECT id, seq FROM ${sql.table(table)} WHERE id = ${id}`.execute(db);
  t.app.services.liveHub.alarmNotice({
    alarm: { id: row.rows[0].id, seq: Number(row.rows[0].seq), objectCode: code } as AlarmNotice['alarm'],
    sound: false,
  });
}

async function runDialect(dialect: DialectName) {
  const t = await startLiveApp(dialect, [
    { code: 'GW-0', kind: 'handler' },
    { code: 'GW-1', kind: 'handler' },
    { code: 'GW-2', kind: 'handler' },
    { code: 'GW-3', kind: 'handler' },
  ]);
  try {
    const keys = await Promise.all([0, 1, 2, 3].map((g) => t.app.services.liveUnits.rotateDeviceKey(t.unitIds[`GW-${g}`])));
    const product = await bursts(t, 'P', async (g, codes) => {
      const response = await fetch(`${t.baseUrl}/api/ingest/alarms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-device-key': keys[g] },
        body: JSON.stringify({
          deviceId: `GW-${g}`,
          alarms: codes.map((c) => ({ objectKind: 'disposal_equipment', objectCode: c, type: 'disposal.equipment', state: 'fault' })),
        }),
      });
      if (response.status !== 200) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
    });
    await sql`CREATE TABLE naive_alarms (LIKE alarms INCLUDING DEFAULTS)`.execute(t.database.db);
    const naive = await bursts(t, 'N', async (_g, codes) => {
      await Promise.all(codes.map((c) => naiveIngestOne(t, c, 'naive_alarms')));
    });

    const repeat = { objectKind: 'disposal_equipment', objectCode: 'REPEAT-1', type: 'disposal.equipment', state: 'fault' as const };
    await Promise.all(Array.from({ length: REPEATS }, () => t.app.services.alarms.alarms.ingest([{ ...repeat, at: new Date() }], 'GW-0')));
    const productRows = await sql<{
      n: number;
      count: number;
    }>`SELECT count(*)::int AS n, max(count)::int AS count FROM alarms WHERE object_code = 'REPEAT-1'`.execute(t.database.db);
    await Promise.all(Array.from({ length: REPEATS }, () => naiveIngestOne(t, 'REPEAT-1', 'naive_alarms')));
    const naiveRows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM naive_alarms WHERE object_code = 'REPEAT-1'`.execute(
      t.database.db,
    );

    return {
      dialect,
      rate: `${GATEWAYS * BATCH * (1000 / INTERVAL_MS)} alarms/s for ${SECONDS} s (${GATEWAYS} gateways × ${BATCH} per ${INTERVAL_MS} ms)`,
      ingestToSocket: {
        product,
        naivePerAlarm: naive,
        p95Ratio: round(naive.p95Ms / product.p95Ms),
        targetP95Ms: TARGET_P95_MS,
        meetsTarget: product.p95Ms <= TARGET_P95_MS && product.received === product.alarms,
      },
      concurrentRepeats: {
        repeats: REPEATS,
        product: { alarms: productRows.rows[0].n, count: productRows.rows[0].count },
        naiveCheckThenInsert: { alarms: naiveRows.rows[0].n, duplicates: naiveRows.rows[0].n - 1 },
      },
    };
  } finally {
    await t.close();
  }
}

export async function runAlarmsBench(options: { serverUrl?: string } = {}) {
  if (options.serverUrl) process.env.TEST_DATABASE_URL ??= options.serverUrl;
  const runs = [];
  for (const dialect of ['embedded', 'postgres'] as const) runs.push(await runDialect(dialect));
  return { machine: { cpus: cpus().length, loadAverage1m: round(loadavg()[0], 2), node: process.version }, runs };
}
