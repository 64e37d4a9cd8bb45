/**
 * Cross-site request refusal for everything a browser's cookie authenticates (tRPC writes, uploads, the live
 * socket's handshake). A browser says where a request comes from (Sec-Fetch-Site, Origin); a foreign page's
 * request is refused, so it cannot sign a user out or act in their name. Machine clients (devices, partners,
 * Open311) send neither header and authenticate with their own keys or signatures; they are not checked here.
 * Behind a proxy that rewrites the Host header, PUBLIC_ORIGIN names the address users type.
 */
import type { IncomingMessage } from 'node:http';

export interface OriginPolicy {
  /** e.g. https://onemap.example.gov.cn; null: the request's own Host is this site. */
  publicOrigin: string | null;
}

export function isCrossSite(req: IncomingMessage, policy: OriginPolicy): boolean {
  const fetchSite = header(req, 'sec-fetch-site');
  if (fetchSite === 'cross-site') return true;
  const origin = header(req, 'origin');
  if (!origin) return false;
  if (origin === 'null') return true; // sandboxed frames, data: and file: pages
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return true;
  }
  if (policy.publicOrigin) return parsed.origin !== new URL(policy.publicOrigin).origin;
  return parsed.host !== header(req, 'host');
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim().toLowerCase() || undefined;
}
