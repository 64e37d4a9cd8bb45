/**
 * The only reader of process.env. Every setting is validated here once, at start, and fails fast with a
 * message that names the variable and what it expects.
 */
import { isIP } from 'node:net';
import { z } from 'zod';

export type TrustProxy = { hops: number } | { addresses: string[] };

/** '::ffff:10.0.0.1' (an IPv4 client on a dual-stack socket) and '10.0.0.1' are the same address. */
export function normalizeAddress(address: string): string {
  return address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
}

const boolFlag = z.enum(['on', 'off', 'true', 'false', '1', '0']).transform((v) => v === 'on' || v === 'true' || v === '1');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// (leave it unset for the embedded database)')
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  /**
   * Several app processes on one PostgreSQL: the Redis that joins their live screens (Socket.IO's Redis Streams
   * adapter) and shares each process's positions with the others. Unset: one process, nothing leaves it.
   */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/[^\s]+$/, 'REDIS_URL must start with redis:// or rediss:// (leave it unset for a single process)')
    .optional(),
  SIMULATOR: boolFlag.default(true),
  /** The simulator's seed: the same seed replays the same movements. */
  SIMULATOR_SEED: z.coerce.number().int().min(0).max(0xffffffff).default(20261122),
  /**
   * With SIMULATOR on, simulated 12345 and 区城运 platforms linked through the real partner interface: 'daily' sends
   * tickets at a compressed daily rhythm, 'on-demand' only when an administrator asks, 'off' simulates neither.
   */
  PARTNER_SIMULATOR: z.enum(['daily', 'on-demand', 'off']).default('daily'),
  DEMO_MODE: boolFlag.default(true),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86400).default(300),
  UNIT_OFFLINE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  POSITION_FRAME_MS: z.coerce.number().int().min(10).max(5000).default(50),
  // Position history (issue 14): days at full sampled resolution, then days thinned to a fix a minute plus stops.
  POSITION_FULL_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  POSITION_THIN_DAYS: z.coerce.number().int().min(0).max(366).default(30),
  /** Shanghai hour from which a closed day's partition is rewritten in track order (server/units/history/retention.ts). */
  POSITION_ORDER_HOUR: z.coerce.number().int().min(0).max(23).default(0),
  /** A fix is kept when the unit moved this far, turned this much (while moving) or this long passed. */
  POSITION_SAMPLE_DISTANCE_M: z.coerce.number().min(0).max(1000).default(20),
  POSITION_SAMPLE_TURN_DEG: z.coerce.number().min(0).max(180).default(25),
  POSITION_SAMPLE_INTERVAL_S: z.coerce.number().min(1).max(3600).default(60),
  /** Fixes queued for the history at most; beyond it the oldest are dropped (counted, logged). */
  POSITION_HISTORY_BUFFER: z.coerce.number().int().min(1000).max(10_000_000).default(50_000),
  /** Reads every wall asks for (KPIs, layers, the leaders' summary) are computed once per this interval; 0: only concurrent askers share. */
  SHARED_READ_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** 清费云 reminders by voice call: days before a contract ends (签约提醒) and before a bill is due (缴费提醒). */
  FEE_RENEWAL_REMINDER_DAYS: z.coerce.number().int().min(1).max(180).default(30),
  FEE_PAYMENT_REMINDER_DAYS: z.coerce.number().int().min(1).max(60).default(7),
  SECURE_COOKIES: boolFlag.default(false),
  // Backups (server/backup): where sets go (default <DATA_DIR>-backups), how often the server makes one, how many are kept.
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_INTERVAL: z
    .string()
    .trim()
    .default('6h')
    .transform((v, ctx) => {
      if (v === '0' || v === 'off') return 0;
      const match = /^(\d+(?:\.\d+)?)\s*(m|h|d)$/.exec(v);
      if (match) return Math.round(Number(match[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd']);
      ctx.addIssue({ code: 'custom', message: "BACKUP_INTERVAL must be a duration like 30m, 6h or 1d, or '0'/'off' to disable" });
      return z.NEVER;
    }),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(14),
  /** Lines below this level are not written (server/ops/log.ts). */
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** 'json' (one object per line, for a collector) or 'pretty' (readable); unset: pretty on a terminal, else json. */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** On SIGTERM, how long requests in flight may take to finish before the process stops anyway. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(15),
  /** The bearer token a Prometheus scraper sends to read /metrics; unset, /metrics is closed. */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  /**
   * The address users reach OneMap at (scheme, host, port), when a proxy in front rewrites the Host header:
   * browser writes and the live socket are accepted only from this origin. Unset: the request's own Host.
   */
  PUBLIC_ORIGIN: z
    .string()
    .url('PUBLIC_ORIGIN must be an origin such as https://onemap.example.gov.cn')
    .transform((v) => new URL(v).origin)
    .optional(),
  /**
   * Which X-Forwarded-For entries to believe for the client address (sign-in limits, audit): 'off' (default: the
   * socket's address), a number of proxy hops in front of the server (1 = one reverse proxy), or a comma-separated
   * list of the proxies' addresses (entries from those are skipped, right to left).
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .default('off')
    .transform((v, ctx): TrustProxy => {
      if (v === 'off' || v === '0') return { hops: 0 };
      if (/^\d+$/.test(v)) {
        const hops = Number(v);
        if (hops <= 10) return { hops };
      }
      const list = v
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean);
      if (list.length > 0 && list.every((a) => isIP(a) !== 0)) return { addresses: list.map(normalizeAddress) };
      ctx.addIssue({
        code: 'custom',
        message: "TRUST_PROXY must be 'off', a number of hops 1–10 or a comma-separated list of proxy IP addresses",
      });
      return z.NEVER;
    }),
});

export type Env = z.infer<typeof envSchema>;

/** Parses a given environment (tests pass their own); throws one readable error listing every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** This server as its own simulated counterparts reach it (a wildcard listen address means the loopback). */
export function ownBaseUrl(config: Pick<Env, 'HOST' | 'PORT'>): string {
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`;
}
