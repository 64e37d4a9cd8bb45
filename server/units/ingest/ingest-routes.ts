/**
 * The device ingest endpoints (raw HTTP, registered in server/app.ts before Next.js):
 *
 *   POST /api/ingest/positions        JSON batch, see json-batch.ts.
 *                                     200 {"accepted": n, "applied": k, "ignored": [{"index", "reason"}]}
 *   GET|POST /api/ingest/osmand?…     OsmAnd / Traccar Client, see osmand.ts.
 *                                     200 {"outcome": "applied" | "ignored" | "recorded", "reason"?, "alarm"?}
 *
 * Every request is checked whole before anything is written: malformed, out of range, outside Shanghai, bad or
 * far-future timestamp → 400; unknown device → 404; missing or wrong device key → 401; more than 5,000 positions
 * or 2 MB → 413. Errors are JSON {"error": {code, message, messageKey, params}}, the message naming the position's
 * index. A 200 never claims what did not happen: each position is stored in the history and either applied (on the
 * map with the next frame) or reported ignored with its reason — "stale" when the unit already shows a newer real
 * fix, "invalid" when the device itself marked it so (kept on the unit, flagged, never shown as current). A report
 * with no position (cell, Wi-Fi, token, battery, alarm only) is "recorded" on the unit. An alarm (Traccar Client's
 * SOS button) raises a critical alarm on the unit. Writing is a batched insert awaited off the request path of the
 * event loop (group commit in position-history.ts); validation and key checks are synchronous and linear.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuditCallerRefusal } from '@/server/audit/audit';
import { readBody, readJsonBody, sendJson } from '@/server/http/request';
import type { HttpRoute } from '@/server/http/routes';
import type { ApplyOutcome, LiveUnit } from '../live-registry';
import type { DeviceStatus, PositionFix } from '../live-types';
import type { DeviceReport, DeviceSource } from '../units.service';
import { authenticateDevicesAudited } from './authenticate';
import { keyFromHeaders } from './credentials';
import { parseJsonBatch } from './json-batch';
import { parseOsmAndParams, parseTraccarJson } from './osmand';

export { DEVICE_KEY_HEADER } from './credentials';
export const INGEST_POSITIONS_PATH = '/api/ingest/positions';
export const INGEST_OSMAND_PATH = '/api/ingest/osmand';
const MAX_BODY_BYTES = 2 * 1024 * 1024;
const MAX_FORM_BYTES = 16 * 1024;

/** Where checked positions go: the live store (LiveUnitsService), or a benchmark's instrumented stand-in. */
export interface IngestTarget {
  unitByCode(code: string): LiveUnit | undefined;
  acceptDevicePositions(reports: readonly DeviceReport[], source: DeviceSource): Promise<ApplyOutcome[]>;
  recordDeviceReport?(unit: LiveUnit, status: Omit<DeviceStatus, 'at'>): Promise<void>;
}

/** A device's alarm (Traccar Client's SOS button) raised on its unit, where it is when it is known. */
export type RaiseDeviceAlarm = (unit: LiveUnit, alarm: string, at: PositionFix | null) => Promise<void>;

export interface IngestDeps {
  /** Records refused device keys (absent in benchmarks, which measure the ingest path alone). */
  auditRefusal?: AuditCallerRefusal;
  raiseDeviceAlarm?: RaiseDeviceAlarm;
  now?: () => number;
}

export function createIngestRoutes(units: IngestTarget, deps: IngestDeps = {}): HttpRoute[] {
  const now = deps.now ?? Date.now;
  return [
    {
      prefix: INGEST_POSITIONS_PATH,
      async handle(req, res) {
        if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
        const claims = parseJsonBatch(await readJsonBody(req, MAX_BODY_BYTES), keyFromHeaders(req), now());
        const owners = await authenticateDevicesAudited(req, claims, (code) => units.unitByCode(code), deps.auditRefusal);
        const outcomes = await units.acceptDevicePositions(
          claims.map((c, i) => ({ unit: owners[i], fix: c.fix })),
          'device',
        );
        const ignored = outcomes.flatMap((outcome, index) => (outcome === 'stale' ? [{ index, reason: 'stale' as const }] : []));
        sendJson(res, 200, { accepted: claims.length, applied: claims.length - ignored.length, ignored });
      },
    },
    {
      prefix: INGEST_OSMAND_PATH,
      async handle(req, res, url) {
        if (req.method !== 'GET' && req.method !== 'POST') return methodNotAllowed(res, 'GET, POST');
        const report = await readOsmAnd(req, url, now());
        const claim = { deviceId: report.deviceId, key: report.key ?? keyFromHeaders(req) };
        const [unit] = await authenticateDevicesAudited(req, [claim], (code) => units.unitByCode(code), deps.auditRefusal);
        const said = Object.keys(report.status).length > 0;
        if (said) await units.recordDeviceReport?.(unit, report.status);
        if (report.status.alarm) await deps.raiseDeviceAlarm?.(unit, report.status.alarm, report.fix);
        const alarm = report.status.alarm ? { alarm: report.status.alarm } : {};
        if (report.fix) {
          const [outcome] = await units.acceptDevicePositions([{ unit, fix: report.fix }], 'osmand');
          sendJson(res, 200, outcome === 'moved' ? { outcome: 'applied', ...alarm } : { outcome: 'ignored', reason: 'stale', ...alarm });
        } else if (report.invalid) {
          sendJson(res, 200, { outcome: 'ignored', reason: 'invalid', ...alarm });
        } else {
          sendJson(res, 200, { outcome: 'recorded', ...alarm });
        }
      },
    },
  ];
}

async function readOsmAnd(req: IncomingMessage, url: URL, at: number) {
  const contentType = req.headers['content-type'] ?? '';
  if (req.method === 'POST' && contentType.includes('application/json'))
    return parseTraccarJson(await readJsonBody(req, MAX_FORM_BYTES), url.searchParams, at);
  const form = req.method === 'POST' ? new URLSearchParams((await readBody(req, MAX_FORM_BYTES)).toString('utf8')) : null;
  return parseOsmAndParams(url.searchParams, form, at);
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('allow', allow);
  sendJson(res, 405, {
    error: { code: 'METHOD_NOT_ALLOWED', message: `Use ${allow}`, messageKey: 'error.badInput', params: { detail: allow } },
  });
}
