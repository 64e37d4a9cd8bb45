/**
 * The process's Prometheus metrics (prom-client), served at /metrics (ops.routes.ts). Metrics are process-wide by
 * nature — one process, one set of counters, however many apps a test builds — so they live in one registry here;
 * the places that count import the metric they feed. What needs a live object to read (socket clients, outbox depth)
 * is registered by the app once it has it (`gaugeFrom`).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
registry.setDefaultLabels({ app: 'onemap' });
collectDefaultMetrics({ register: registry, prefix: 'onemap_' });

/** Latency buckets in seconds, from a cached read (1 ms) to a slow export (10 s). */
const LATENCY = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequestSeconds = new Histogram({
  name: 'onemap_http_request_duration_seconds',
  help: 'HTTP requests by route class (trpc, page, or the raw route), method and status code',
  labelNames: ['route', 'method', 'status'] as const,
  buckets: LATENCY,
  registers: [registry],
});

export const dbQuerySeconds = new Histogram({
  name: 'onemap_db_query_duration_seconds',
  help: 'Database queries by outcome',
  labelNames: ['outcome'] as const,
  buckets: LATENCY,
  registers: [registry],
});

export const positionsReceived = new Counter({
  name: 'onemap_positions_received_total',
  help: 'Position fixes received, by source (device protocol or simulator) and outcome (moved: shown; stale: older than the one shown, history only)',
  labelNames: ['source', 'outcome'] as const,
  registers: [registry],
});

export const framesSent = new Counter({
  name: 'onemap_position_frames_total',
  help: 'Binary position frames broadcast to the live screens',
  registers: [registry],
});

export const jobRuns = new Counter({
  name: 'onemap_job_runs_total',
  help: 'Rounds of the periodic jobs, by job and outcome (ok, failed)',
  labelNames: ['job', 'outcome'] as const,
  registers: [registry],
});

export const jobSeconds = new Histogram({
  name: 'onemap_job_duration_seconds',
  help: 'Rounds of the periodic jobs, by job',
  labelNames: ['job'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
  registers: [registry],
});

export const outsideClientCalls = new Counter({
  name: 'onemap_outside_client_calls_total',
  help: 'Calls by outside clients (devices, Open311, feature API, knowledge terminals, partners), by kind and outcome (accepted, refused)',
  labelNames: ['kind', 'outcome'] as const,
  registers: [registry],
});

/**
 * A gauge read when scraped, from something only the running app has (the socket server, the database). Registered
 * once per process under its name: a second app in the same process (tests) replaces the reader.
 */
export function gaugeFrom(name: string, help: string, read: () => number | Promise<number>): void {
  const existing = registry.getSingleMetric(name);
  if (existing) registry.removeSingleMetric(name);
  new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      this.set(await read());
    },
  });
}
