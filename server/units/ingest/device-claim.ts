/** A position as a device claims it: which device, the key it presented, and the checked fix. */
import type { PositionFix } from '../live-types';

export interface DeviceClaim {
  /** The unit's code (units.code). */
  deviceId: string;
  /** The device key presented, if any (checked against units.device_key_hash). */
  key: string | undefined;
  fix: PositionFix;
}
