/**
 * A device's own alarm becomes a OneMap alarm on its unit: Traccar Client's SOS button a critical one (unit.sos,
 * level 1, ringing on the wall), any other word a tracker sends (lowBattery, powerCut, …) a unit.device_alarm.
 * Placed where the report says the unit is, else where it was last seen.
 */
import type { AlarmsService } from '@/server/alarms/alarms.service';
import type { RaiseDeviceAlarm } from './ingest-routes';

export function deviceAlarmRaiser(alarms: Pick<AlarmsService, 'ingest'>, now: () => number = Date.now): RaiseDeviceAlarm {
  return async (unit, alarm, fix) => {
    const location: [number, number] | null = fix ? [fix.lng, fix.lat] : unit.hasPosition ? [unit.lng, unit.lat] : null;
    const sos = alarm === 'sos';
    await alarms.ingest(
      [
        {
          objectKind: 'unit',
          objectCode: unit.code,
          type: sos ? 'unit.sos' : 'unit.device_alarm',
          state: 'fault',
          at: new Date(fix?.recordedAt ?? now()),
          location,
        },
      ],
      'device',
    );
  };
}
