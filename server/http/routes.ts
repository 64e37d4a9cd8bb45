/**
 * The raw HTTP routes the custom server answers before Next.js (device ingest and other machine-to-machine
 * endpoints). Each route owns a path prefix; feature modules register theirs in server/app.ts, which hands each
 * route what it needs when it builds it (no route sees the whole service set).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HttpRoute {
  /** Matches when the URL path equals this or starts with it followed by '/' or '?'. */
  prefix: string;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
}

export function matchRoute(routes: readonly HttpRoute[], pathname: string): HttpRoute | undefined {
  return routes.find((r) => pathname === r.prefix || pathname.startsWith(`${r.prefix}/`));
}
