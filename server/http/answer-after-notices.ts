/**
 * Raw HTTP writes are answered as tRPC mutations are: only once the live notices they caused are journaled
 * (server/realtime/notice-journal.ts). An alarm a sensor delivered, a ticket 12345 or an Open311 client filed, is
 * acknowledged with a 2xx only when the wall can be told of it even if this process dies right after answering.
 * The route's own `end` is held until then (at most NOTICE_ANSWER_WAIT_MS: the database away), so every route that
 * writes gets this without remembering to.
 */
import type { ServerResponse } from 'node:http';
import { NOTICE_ANSWER_WAIT_MS } from '@/server/realtime/notice-journal';
import type { HttpRoute } from './routes';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface NoticesSettled {
  settled(maxWaitMs: number): Promise<void>;
}

export function answerAfterNotices(route: HttpRoute, journal: NoticesSettled): HttpRoute {
  return {
    prefix: route.prefix,
    handle(req, res, url) {
      if (!READS.has(req.method ?? 'GET')) holdEndUntilSettled(res, journal);
      return route.handle(req, res, url);
    },
  };
}

function holdEndUntilSettled(res: ServerResponse, journal: NoticesSettled): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    void journal.settled(NOTICE_ANSWER_WAIT_MS).then(() => end(...args));
    return res;
  }) as ServerResponse['end'];
}
