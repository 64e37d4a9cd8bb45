/**
 * Headers every answer carries, pages and APIs alike: no other site may frame OneMap (clickjacking), browsers must
 * not guess a content type (an uploaded file is never run as a script), and no address leaves in the Referer.
 * HSTS only when the cookies are Secure, i.e. behind HTTPS.
 *
 * Pages get a strict Content-Security-Policy besides: scripts only from this origin and only those carrying the
 * page's one-time nonce (Next.js reads the nonce from the request's own CSP header and puts it on every script it
 * writes; 'strict-dynamic' lets those load their chunks), nothing from any other origin for anything, no plugins,
 * no <base> or form posts elsewhere. Styles allow inline attributes (React's style props and the map libraries set
 * them); a style cannot run code. Development adds 'unsafe-eval', which Next's hot reload needs.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export function setSecurityHeaders(res: ServerResponse, options: { secure: boolean }): void {
  res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  if (options.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
}

export function pagePolicy(nonce: string, options: { dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    // MapLibre runs its tile workers from blob: URLs; the field app's offline shell is a same-origin service worker.
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * A page about to be rendered by Next.js: a fresh nonce in the answer's policy and, for Next to read, in the
 * request's headers.
 */
export function applyPagePolicy(req: IncomingMessage, res: ServerResponse, options: { dev: boolean }): void {
  const policy = pagePolicy(randomBytes(16).toString('base64'), options);
  res.setHeader('Content-Security-Policy', policy);
  req.headers['content-security-policy'] = policy;
}
