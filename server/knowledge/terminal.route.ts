/**
 * The knowledge terminal API (self-service kiosks, the 12345 seats' tools): JSON search and entry reading with a
 * per-terminal key from the outside-client registry (header X-Api-Key), and the served OpenAPI document.
 *   GET /api/knowledge/v1/search?q=…&limit=…     GET /api/knowledge/v1/entries/{id}     GET /api/openapi.json
 *   GET /api/knowledge/v1/entries/{id}/attachments       GET /api/knowledge/v1/entries/{id}/attachments/{attachmentId}
 * A terminal reads by the knowledge base's one reading rule (./knowledge-access.ts): published entries only, and
 * sensitive ones only with the knowledge:sensitive scope, and of the terminal's district (outside_clients.district_code)
 * only that district's entries and the city-wide ones.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '@/domain/errors';
import type { OutsideClientsService } from '@/server/clients/outside-clients.service';
import { sendError, sendJson } from '@/server/http/request';
import type { HttpRoute } from '@/server/http/routes';
import { openApiDocument } from '@/server/openapi/document';
import type { KnowledgeService } from './knowledge.service';
import { terminalAttachments, terminalEntry, terminalSearchResult } from './terminal.schemas';
import type { KnowledgeAttachments } from './attachments.service';
import { contentDisposition } from '@/server/http/content-disposition';
import { sendStoredFile } from '@/server/uploads/send-stored-file';

import { KNOWLEDGE_READ_SCOPE } from '@/server/clients/client-scopes';
import { readerOfTerminal } from './knowledge-access';

function headerKey(req: IncomingMessage): string | undefined {
  const key = req.headers['x-api-key'];
  return Array.isArray(key) ? key[0] : key;
}

export function createKnowledgeTerminalRoutes(deps: {
  knowledge: KnowledgeService;
  attachments: KnowledgeAttachments;
  clients: OutsideClientsService;
}): HttpRoute[] {
  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET') return sendJson(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'GET only' } });
    const client = await deps.clients.verify(headerKey(req), 'terminal', KNOWLEDGE_READ_SCOPE);
    if (!client) throw new AppError('UNAUTHORIZED', 'clients.error.badKey', 'X-Api-Key missing or not valid');
    const reader = readerOfTerminal(client.scopes, client.districtCode);
    const { canSeeSensitive } = reader;
    const rest = url.pathname.slice('/api/knowledge/v1'.length);
    if (rest === '/search') {
      const limit = Math.min(20, Math.max(1, Number(url.searchParams.get('limit') ?? 5) || 5));
      const result = await deps.knowledge.search(url.searchParams.get('q') ?? '', { canSeeSensitive, limit, scope: reader.scope });
      return sendJson(res, 200, terminalSearchResult.parse(result));
    }
    const file = /^\/entries\/(\d{1,9})\/attachments\/(\d{1,9})$/.exec(rest);
    if (file) {
      const found = await deps.attachments.download(Number(file[2]), reader, Number(file[1]));
      return sendStoredFile(req, res, { ...found, disposition: contentDisposition('attachment', found.fileName) });
    }
    const entry = /^\/entries\/(\d{1,9})(\/attachments)?$/.exec(rest);
    if (entry) {
      const v = await deps.knowledge.published(Number(entry[1]), canSeeSensitive, reader.scope);
      if (entry[2])
        return sendJson(res, 200, terminalAttachments.parse({ entryId: v.entryId, version: v.version, attachments: v.attachments }));
      return sendJson(res, 200, terminalEntry.parse({ ...v }));
    }
    sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'No such path' } });
  }
  return [
    { prefix: '/api/knowledge/v1', handle: (req, res, url) => handle(req, res, url).catch((e: unknown) => sendError(res, e)) },
    { prefix: '/api/openapi.json', handle: async (_req, res) => sendJson(res, 200, openApiDocument()) },
  ];
}
