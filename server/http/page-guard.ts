/**
 * Pages need a signed-in user: a request for a page without a valid session is sent to /login before Next.js
 * renders anything. Assets, the login page and the API (which checks roles itself) pass through.
 */
import type { IncomingMessage } from 'node:http';

const OPEN_PREFIXES = ['/login', '/_next/', '/api/', '/open311/', '/map/', '/favicon', '/icon.svg', '/socket.io/'];

export function needsSignIn(req: IncomingMessage, pathname: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (OPEN_PREFIXES.some((p) => pathname === p || pathname.startsWith(p))) return false;
  // Files in public/ (anything with an extension) are not pages.
  return !/\.[a-z0-9]+$/i.test(pathname);
}
