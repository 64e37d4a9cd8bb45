/**
 * The push interface for source systems (数据采集 · 接口推送): POST /api/data/facilities/push with a key of the
 * `data-source` kind from the one registry of outside clients (header X-Api-Key, scope facilities:push). The client's
 * name is the data source: its stable ids are matched to the facilities it pushed before. The changes go through the
 * same cleansing and writing as a file import; the answer is the outcome with each refused change's problems.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { AppError } from '@/domain/errors';
import { FACILITIES_PUSH_SCOPE } from '@/server/clients/client-scopes';
import type { OutsideClientsService } from '@/server/clients/outside-clients.service';
import { readJsonBody, sendError, sendJson } from '@/server/http/request';
import type { HttpRoute } from '@/server/http/routes';
import type { SourceRecord } from './facility-record';
import { DEFAULT_SETTINGS, type FacilityImportService } from './facility-import.service';
import { type FacilityPushBody, facilityPushAnswer, facilityPushBody } from './facility-push.schemas';

export const FACILITY_PUSH_PATH = '/api/data/facilities/push';
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export function pushRecords(body: FacilityPushBody): SourceRecord[] {
  return body.changes.map((c, i) => ({
    row: i + 1,
    sourceId: c.sourceId,
    name: c.name ?? '',
    kind: c.kind ?? '',
    // A retirement is said the way a ledger says it.
    status: c.op === 'retire' ? 'retired' : (c.status ?? ''),
    address: c.address ?? '',
    subDistrict: c.subDistrict ?? '',
    geometry: c.geometry
      ? (c.geometry as SourceRecord['geometry'])
      : c.lng !== undefined && c.lat !== undefined
        ? { type: 'Point', coordinates: [c.lng, c.lat] }
        : null,
    attrs: c.attrs ?? {},
  }));
}

export function createFacilityPushRoute(deps: { imports: FacilityImportService; clients: OutsideClientsService }): HttpRoute {
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'POST only' } });
    const header = req.headers['x-api-key'];
    const client = await deps.clients.verify(Array.isArray(header) ? header[0] : header, 'data-source', FACILITIES_PUSH_SCOPE);
    if (!client) throw new AppError('UNAUTHORIZED', 'clients.error.badKey', 'X-Api-Key missing or not valid');
    const parsed = facilityPushBody.safeParse(await readJsonBody(req, MAX_BODY_BYTES));
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      throw new AppError('BAD_REQUEST', 'error.badInput', detail, { detail });
    }
    const body = parsed.data;
    const report = await deps.imports.push(
      pushRecords(body),
      { ...DEFAULT_SETTINGS, source: client.name, crs: body.crs },
      body.mode,
      client,
    );
    const written = report.written!;
    const answer: z.infer<typeof facilityPushAnswer> = {
      batchId: written.batchId,
      blocked: written.blocked,
      inserted: written.inserted,
      updated: written.updated,
      merged: written.merged,
      retired: written.retired,
      unchanged: written.unchanged,
      skipped: written.skipped,
      problems: report.items
        .filter((item) => item.problems.length)
        .map((item) => ({
          index: item.row - 1,
          sourceId: item.sourceId,
          problems: item.problems.map((p) => ({ code: p.code, field: p.field, value: p.value })),
        })),
      crsWarning: report.crsWarning,
    };
    // Refused whole (mode all): 422 with the problems, so the source system can fix and resend.
    sendJson(res, written.blocked ? 422 : 200, facilityPushAnswer.parse(answer));
  }
  return { prefix: FACILITY_PUSH_PATH, handle: (req, res) => handle(req, res).catch((e: unknown) => sendError(res, e)) };
}
