/**
 * The server's one logger: structured lines through pino, each naming its component and — inside a request — the
 * request id, so an operator can follow one request across every line it caused (`grep <id>`), and so can a
 * collector behind nginx, which passes its own `X-Request-Id`.
 *
 * JSON (one object per line) is the default, for journald, Loki or any collector; `LOG_FORMAT=pretty` prints the
 * same lines readably (the default when the output is a terminal). Modules take a component logger once, at import
 * (`const log = logFor('positions')`), before the process has read its configuration: the wrapper always writes
 * through the current root, so `configureLogging` applies to every logger already taken.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'pretty';
type Fields = Record<string, unknown>;

/** The request a line belongs to, carried through every await of its handling. */
const requestContext = new AsyncLocalStorage<{ requestId: string }>();

export function withRequestId<T>(requestId: string, run: () => T): T {
  return requestContext.run({ requestId }, run);
}

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

function createRoot(level: LogLevel, format: LogFormat, destination: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    format === 'pretty'
      ? pretty({
          sync: true,
          destination,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname,component',
          messageFormat: '[{component}] {msg}',
        })
      : destination,
  );
}

let root: Logger = createRoot('info', process.stdout.isTTY ? 'pretty' : 'json', process.stdout);

/** Called once at start with the validated settings (server/env.ts); `destination` is for tests. */
export function configureLogging(options: { level: LogLevel; format?: LogFormat; destination?: NodeJS.WritableStream }): void {
  const format = options.format ?? (process.stdout.isTTY ? 'pretty' : 'json');
  root = createRoot(options.level, format, options.destination ?? process.stdout);
}

export interface ComponentLog {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  /** `error` may be anything thrown; an Error keeps its stack and cause under `err`. */
  error(message: string, error?: unknown, fields?: Fields): void;
}

export function logFor(component: string): ComponentLog {
  return {
    debug: (message, fields) => root.debug({ component, ...fields }, message),
    info: (message, fields) => root.info({ component, ...fields }, message),
    warn: (message, fields) => root.warn({ component, ...fields }, message),
    error: (message, error, fields) => root.error({ component, ...fields, ...(error === undefined ? {} : { err: error }) }, message),
  };
}
