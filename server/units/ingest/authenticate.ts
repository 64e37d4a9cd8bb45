/**
 * Who is reporting: each claimed device must be a known unit and present that unit's current device key. The whole
 * request is refused on the first failure, before anything is written. Unknown device and wrong key are told
 * apart (404 / 401) because installers need to know which to fix; unit codes are painted on the vehicles anyway.
 */
import type { IncomingMessage } from 'node:http';
import { isAppError } from '@/domain/errors';
import type { AuditCallerRefusal } from '@/server/audit/audit';
import { deviceKeyMatches } from '../device-keys';
import type { LiveUnit } from '../live-registry';
import { ingestError } from './position-checks';

export interface Credentials {
  deviceId: string;
  key: string | undefined;
}

/** Returns the unit of each claim, in order. */
export function authenticateDevices(claims: readonly Credentials[], unitByCode: (code: string) => LiveUnit | undefined): LiveUnit[] {
  // One device posting its buffered positions presents the same key many times: check it once.
  const verified = new Map<LiveUnit, string>();
  return claims.map(({ deviceId, key }, index) => {
    const unit = unitByCode(deviceId);
    if (!unit) throw ingestError('NOT_FOUND', 'ingest.unknownDevice', index, `unknown device "${deviceId}"`, { deviceId });
    if (key === undefined || (verified.get(unit) !== key && !deviceKeyMatches(key, unit.deviceKeyHash))) {
      const why =
        key === undefined ? 'no device key given' : unit.deviceKeyHash ? 'wrong device key' : 'no device key has been issued for this unit';
      throw ingestError('UNAUTHORIZED', 'ingest.badKey', index, `${why} for "${deviceId}"`, { deviceId });
    }
    verified.set(unit, key);
    return unit;
  });
}

/** authenticateDevices, with each refusal recorded in the audit log (a wrong key may be someone probing). */
export async function authenticateDevicesAudited(
  req: IncomingMessage,
  claims: readonly Credentials[],
  unitByCode: (code: string) => LiveUnit | undefined,
  auditRefusal?: AuditCallerRefusal,
): Promise<LiveUnit[]> {
  try {
    return authenticateDevices(claims, unitByCode);
  } catch (error) {
    const deviceId = isAppError(error) ? String(error.params.deviceId ?? '') : '';
    await auditRefusal?.(req, {
      actor: `device:${deviceId}`,
      action: 'ingest.device_auth',
      target: deviceId,
      reason: isAppError(error) ? error.messageKey : 'error',
    });
    throw error;
  }
}
