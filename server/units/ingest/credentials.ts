/**
 * Where a device's key may travel, so that every Traccar Client generation can present it:
 *  - in the device identifier, `SW-0001:KEY` — the one setting every app keeps (the legacy iOS app replaces the
 *    configured URL's query with its own, so `?key=` never arrives from it);
 *  - `key` in the query or the form body (legacy Android ≤ 8 posts its parameters in the query, 10.x in a form);
 *  - an `X-Device-Key` header, or HTTP Basic credentials (user = unit code, password = key), for trackers and
 *    gateways that can set headers.
 * Device keys are base64url (server/units/device-keys.ts), so they never contain ':' and the split is unambiguous.
 */
import type { IncomingMessage } from 'node:http';

export const DEVICE_KEY_HEADER = 'x-device-key';
const KEY_SEPARATOR = ':';

/** `SW-0001:KEY` → the unit code and the key; a plain `SW-0001` has no key. */
export function splitDeviceIdentifier(identifier: string): { deviceId: string; key: string | undefined } {
  const at = identifier.indexOf(KEY_SEPARATOR);
  if (at < 0) return { deviceId: identifier.trim(), key: undefined };
  return { deviceId: identifier.slice(0, at).trim(), key: identifier.slice(at + 1).trim() || undefined };
}

/** The key a request carries outside its parameters: the X-Device-Key header, else Basic credentials' password. */
export function keyFromHeaders(req: IncomingMessage): string | undefined {
  const header = req.headers[DEVICE_KEY_HEADER];
  if (typeof header === 'string' && header.trim()) return header.trim();
  const authorization = req.headers.authorization;
  if (typeof authorization === 'string' && authorization.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const password = decoded.slice(decoded.indexOf(':') + 1);
    if (decoded.includes(':') && password) return password;
  }
  return undefined;
}
