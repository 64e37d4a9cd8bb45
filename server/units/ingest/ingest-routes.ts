/**
 * The device ingest endpoints (raw HTTP, registered in server/app.ts before Next.js):
 *
 *   POST /api/ingest/positions        JSON batch, see json-batch.ts. 200 {"accepted": n}.
 *   GET|POST /api/ingest/osmand?…     OsmAnd / Traccar Client, see osmand.ts. 200 with an empty body.
 *
 * Every request is checked whole before anything is written: malformed, out of range, outside Shanghai, bad or
 * far-future timestamp → 400; unknown device → 404; missing or wrong device key → 401; more than 5,000 positions
 * or 2 MB → 413. Errors are JSON {"error": {code, message, messageKey, params}}, the message naming the position's
 * index. A 200 means the positions are stored (history) and on the map with the next frame.
 * Writing is a batched insert awaited off the request path of the event loop (group commit in
 * position-history.ts); validation and key checks are synchronous and linear in the batch.
 */
import type { ServerResponse } from 'node:http';
import type { AuditCallerRefusal } from '@/server/audit/audit';
import { readBody, readJsonBody, sendJson } from '@/server/http/request';
import type { HttpRoute } from '@/server/http/routes';
import type { LiveUnit } from '../live-registry';
import type { DeviceReport, DeviceSource } from '../units.service';
import { authenticateDevicesAudited } from './authenticate';
import { parseJsonBatch } from './json-batch';
import { parseOsmAndParams, parseTraccarJson } from './osmand';

export const INGEST_POSITIONS_PATH = '/api/ingest/positions';
export const INGEST_OSMAND_PATH = '/api/ingest/osmand';
export const DEVICE_KEY_HEADER = 'x-device-key';
const MAX_BODY_BYTES = 2 * 1024 * 1024;
const MAX_FORM_BYTES = 16 * 1024;

/** Where checked positions go: the live store (LiveUnitsService), or a benchmark's instrumented stand-in. */
export interface IngestTarget {
  unitByCode(code: string): LiveUnit | undefined;
  acceptDevicePositions(reports: readonly DeviceReport[], source: DeviceSource): Promise<void>;
}

/** `auditRefusal` records refused device keys (absent in benchmarks, which measure the ingest path alone). */
export function createIngestRoutes(units: IngestTarget, auditRefusal?: AuditCallerRefusal, now: () => number = Date.now): HttpRoute[] {
  return [
    {
      prefix: INGEST_POSITIONS_PATH,
      async handle(req, res) {
        if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
        const headerKey = req.headers[DEVICE_KEY_HEADER];
        const claims = parseJsonBatch(
          await readJsonBody(req, MAX_BODY_BYTES),
          typeof headerKey === 'string' ? headerKey : undefined,
          now(),
        );
        const owners = await authenticateDevicesAudited(req, claims, (code) => units.unitByCode(code), auditRefusal);
        await units.acceptDevicePositions(
          claims.map((c, i) => ({ unit: owners[i], fix: c.fix })),
          'device',
        );
        sendJson(res, 200, { accepted: claims.length });
      },
    },
    {
      prefix: INGEST_OSMAND_PATH,
      async handle(req, res, url) {
        if (req.method !== 'GET' && req.method !== 'POST') return methodNotAllowed(res, 'GET, POST');
        const at = now();
        const contentType = req.headers['content-type'] ?? '';
        const report =
          req.method === 'POST' && contentType.includes('application/json')
            ? parseTraccarJson(await readJsonBody(req, MAX_FORM_BYTES), url.searchParams, at)
            : parseOsmAndParams(
                url.searchParams,
                req.method === 'POST' ? new URLSearchParams((await readBody(req, MAX_FORM_BYTES)).toString('utf8')) : null,
                at,
              );
        const [unit] = await authenticateDevicesAudited(req, [report], (code) => units.unitByCode(code), auditRefusal);
        if (report.fix) await units.acceptDevicePositions([{ unit, fix: report.fix }], 'osmand');
        res.writeHead(200, { 'content-length': 0 }).end();
      },
    },
  ];
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('allow', allow);
  sendJson(res, 405, {
    error: { code: 'METHOD_NOT_ALLOWED', message: `Use ${allow}`, messageKey: 'error.badInput', params: { detail: allow } },
  });
}
