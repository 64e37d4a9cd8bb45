/**
 * POST /api/ingest/alarms — alarms and readings from sensor gateways (toilets, lights, kiosks, transfer stations,
 * the disposal center), authenticated with the same per-device keys as positions (issued in /admin to a unit
 * code, here the gateway's code):
 *
 *   X-Device-Key: <key>
 *   { "deviceId": "GW-0001", "alarms": [
 *       { "objectKind": "toilet", "objectCode": "WC-1669568194", "type": "toilet.odour_nh3", "value": 2.1,
 *         "timestamp": "2026-11-22T08:00:00Z" },
 *       { "objectKind": "kiosk", "objectCode": "KIOSK-01", "type": "kiosk.paper_out", "state": "fault" },
 *       { "objectKind": "disposal_equipment", "objectCode": "CRUSHER-2", "type": "disposal.equipment",
 *         "state": "fault", "level": 1, "lng": 121.37, "lat": 31.21 } ] }
 *
 * `state` is "fault" or "ok" (its recovery); reading types (odour, fill level, environment) may send `value`
 * instead and are judged by the active thresholds. The key may also be given as "key" in the body. The whole
 * batch is checked before anything is written (400 malformed, 401 key, 404 unknown device or facility, 413 too
 * many); 200 {"raised", "merged", "reopened", "cleared", "unchanged"}.
 */
import { z } from 'zod';
import { AppError } from '@/domain/errors';
import type { AuditCallerRefusal } from '@/server/audit/audit';
import { readJsonBody, sendJson } from '@/server/http/request';
import type { HttpRoute } from '@/server/http/routes';
import { authenticateDevicesAudited } from '@/server/units/ingest/authenticate';
import { DEVICE_KEY_HEADER } from '@/server/units/ingest/ingest-routes';
import { MAX_FUTURE_MS, parseTimestamp } from '@/server/units/ingest/position-checks';
import type { LiveUnitsService } from '@/server/units/units.service';
import type { AlarmReading, AlarmsService } from './alarms.service';

export const INGEST_ALARMS_PATH = '/api/ingest/alarms';
export const MAX_BATCH_ALARMS = 5000;
const MAX_BODY_BYTES = 2 * 1024 * 1024;

export const alarmItemSchema = z
  .object({
    objectKind: z.string().trim().min(1).max(40),
    objectCode: z.string().trim().min(1).max(64),
    type: z.string().trim().min(1).max(64),
    state: z.enum(['fault', 'ok']).optional(),
    value: z.number().finite().nullable().optional(),
    level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
    timestamp: z.union([z.number(), z.string().max(64)]).optional(),
    lng: z.number().min(120.8).max(122.2).optional(),
    lat: z.number().min(30.6).max(31.9).optional(),
  })
  .strict();

export const alarmBatchSchema = z.object({
  deviceId: z.string().trim().min(1).max(64),
  key: z.string().min(1).max(256).optional(),
  alarms: z.array(z.unknown()).min(1).max(MAX_BATCH_ALARMS),
});

/** Parses and checks a batch body; throws an AppError naming the first bad item. */
export function parseAlarmBatch(
  body: unknown,
  headerKey: string | undefined,
  now: number,
): { deviceId: string; key: string | undefined; readings: AlarmReading[] } {
  const parsed = alarmBatchSchema.safeParse(body);
  if (!parsed.success) {
    const tooMany =
      Array.isArray((body as { alarms?: unknown })?.alarms) && (body as { alarms: unknown[] }).alarms.length > MAX_BATCH_ALARMS;
    throw new AppError(
      tooMany ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST',
      'alarms.error.badBatch',
      'Body must be {"deviceId": "...", "alarms": [...]} with 1–5000 items',
    );
  }
  const readings = parsed.data.alarms.map((raw, index): AlarmReading => {
    const r = alarmItemSchema.safeParse(raw);
    if (!r.success) {
      const detail = r.error.issues.map((i) => `${i.path.join('.') || 'item'}: ${i.message}`).join('; ');
      throw new AppError('BAD_REQUEST', 'alarms.error.badItem', `alarms[${index}]: ${detail}`, { index, detail });
    }
    const at = r.data.timestamp === undefined ? now : parseTimestamp(r.data.timestamp, 'milliseconds');
    if (!Number.isFinite(at) || at > now + MAX_FUTURE_MS) {
      throw new AppError('BAD_REQUEST', 'alarms.error.badItem', `alarms[${index}]: bad or future timestamp`, {
        index,
        detail: 'timestamp',
      });
    }
    const { lng, lat } = r.data;
    return {
      objectKind: r.data.objectKind,
      objectCode: r.data.objectCode,
      type: r.data.type,
      state: r.data.state,
      value: r.data.value,
      level: r.data.level,
      at: new Date(at),
      location: lng !== undefined && lat !== undefined ? [lng, lat] : null,
    };
  });
  return { deviceId: parsed.data.deviceId, key: parsed.data.key ?? headerKey, readings };
}

export function createAlarmIngestRoute(
  deps: { units: Pick<LiveUnitsService, 'unitByCode'>; alarms: Pick<AlarmsService, 'ingest'>; auditRefusal?: AuditCallerRefusal },
  now: () => number = Date.now,
): HttpRoute {
  return {
    prefix: INGEST_ALARMS_PATH,
    async handle(req, res) {
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        return sendJson(res, 405, {
          error: { code: 'METHOD_NOT_ALLOWED', message: 'Use POST', messageKey: 'error.badInput', params: { detail: 'POST' } },
        });
      }
      const headerKey = req.headers[DEVICE_KEY_HEADER];
      const { deviceId, key, readings } = parseAlarmBatch(
        await readJsonBody(req, MAX_BODY_BYTES),
        typeof headerKey === 'string' ? headerKey : undefined,
        now(),
      );
      await authenticateDevicesAudited(req, [{ deviceId, key }], (code) => deps.units.unitByCode(code), deps.auditRefusal);
      sendJson(res, 200, await deps.alarms.ingest(readings, deviceId));
    },
  };
}
