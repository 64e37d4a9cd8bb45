/**
 * Headers every answer carries, pages and APIs alike: no other site may frame OneMap (clickjacking), browsers must
 * not guess a content type (an uploaded file is never run as a script), and no address leaves in the Referer.
 * HSTS only when the cookies are Secure, i.e. behind HTTPS. A script-restricting Content-Security-Policy with
 * Next.js nonces is not set yet (README, Security).
 */
import type { ServerResponse } from 'node:http';

export function setSecurityHeaders(res: ServerResponse, options: { secure: boolean }): void {
  res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  if (options.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
}
