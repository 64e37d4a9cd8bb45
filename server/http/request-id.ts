/**
 * Every request gets an id, echoed in `X-Request-Id` and on every log line it causes. A proxy in front (nginx's
 * `$request_id`) may send its own, which is kept so one id follows the request through both logs; anything that is not
 * a plain token (too long, control characters — an attempt to forge log lines) is replaced.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const PLAIN_TOKEN = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && PLAIN_TOKEN.test(given) ? given : randomUUID();
}
