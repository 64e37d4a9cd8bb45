/** TOTP (RFC 6238, 30 s, 6 digits, SHA-1: what every authenticator app reads) through `otpauth`; works offline. */
import { Secret, TOTP } from 'otpauth';

const totpFor = (secret: string, label = 'OneMap') =>
  new TOTP({ issuer: 'OneMap', label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// address an authenticator app enrols from (typed in, or shown as a QR code by the app). */
export function totpUri(secret: string, username: string): string {
  return totpFor(secret, username).toString();
}

/** One step either side tolerates a phone clock off by up to 30 s. */
export function verifyTotp(secret: string, code: string, timestamp: number = Date.now()): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return totpFor(secret).validate({ token: code, window: 1, timestamp }) !== null;
}

export function totpCode(secret: string, timestamp: number = Date.now()): string {
  return totpFor(secret).generate({ timestamp });
}
