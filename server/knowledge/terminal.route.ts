/**
 * The knowledge terminal API (self-service kiosks, the 12345 seats' tools): JSON search and entry reading with a
 * per-terminal key from the outside-client registry (header X-Api-Key), and the served OpenAPI document.
 *   GET /api/knowledge/v1/search?q=…&limit=…     GET /api/knowledge/v1/entries/{id}     GET /api/openapi.json
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '@/domain/errors';
import type { OutsideClientsService } from '@/server/clients/outside-clients.service';
import { sendError, sendJson } from '@/server/http/request';
import type { HttpRoute } from '@/server/http/routes';
import { openApiDocument } from '@/server/openapi/document';
import type { KnowledgeService } from './knowledge.service';
import { terminalEntry, terminalSearchResult } from './terminal.schemas';

import { KNOWLEDGE_READ_SCOPE, KNOWLEDGE_SENSITIVE_SCOPE } from '@/server/clients/client-scopes';

function headerKey(req: IncomingMessage): string | undefined {
  const key = req.headers['x-api-key'];
  return Array.isArray(key) ? key[0] : key;
}

export function createKnowledgeTerminalRoutes(deps: { knowledge: KnowledgeService; clients: OutsideClientsService }): HttpRoute[] {
  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET') return sendJson(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'GET only' } });
    const client = await deps.clients.verify(headerKey(req), 'terminal', KNOWLEDGE_READ_SCOPE);
    if (!client) throw new AppError('UNAUTHORIZED', 'clients.error.badKey', 'X-Api-Key missing or not valid');
    const canSeeSensitive = client.scopes.includes(KNOWLEDGE_SENSITIVE_SCOPE);
    const rest = url.pathname.slice('/api/knowledge/v1'.length);
    if (rest === '/search') {
      const limit = Math.min(20, Math.max(1, Number(url.searchParams.get('limit') ?? 5) || 5));
      const result = await deps.knowledge.search(url.searchParams.get('q') ?? '', { canSeeSensitive, limit });
      return sendJson(res, 200, terminalSearchResult.parse(result));
    }
    const match = /^\/entries\/(\d{1,9})$/.exec(rest);
    if (match) {
      const v = await deps.knowledge.published(Number(match[1]), canSeeSensitive);
      return sendJson(res, 200, terminalEntry.parse({ ...v }));
    }
    sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'No such path' } });
  }
  return [
    { prefix: '/api/knowledge/v1', handle: (req, res, url) => handle(req, res, url).catch((e: unknown) => sendError(res, e)) },
    { prefix: '/api/openapi.json', handle: async (_req, res) => sendJson(res, 200, openApiDocument()) },
  ];
}
