/**
 * Knowledge attachments over raw HTTP (the bytes travel as they are, not inside JSON):
 *
 *   POST /api/knowledge/files/entries/{id}/versions/{v}?name=<file name>
 *        body = the file, Content-Type = its type → 201 the attachment; an editor (knowledge:edit), latest draft only
 *   GET  /api/knowledge/files/{id}         the file, under its own name; anyone signed in, by the knowledge base's
 *                                          reading rule (published only for readers; sensitive only with the right)
 *
 * Type, size and content are checked by the upload store's intake before anything is stored.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { KNOWLEDGE_ATTACHMENT_LIMITS } from '@/domain/knowledge/attachment-limits';
import type { Permission } from '@/domain/auth/roles';
import { AppError } from '@/domain/errors';
import type { SessionUser } from '@/server/auth/auth.service';
import { contentDisposition } from '@/server/http/content-disposition';
import { isCrossSite } from '@/server/http/origin-check';
import { sendError, sendJson } from '@/server/http/request';
import type { HttpRoute } from '@/server/http/routes';
import { sendStoredFile } from '@/server/uploads/send-stored-file';
import { receiveFile } from '@/server/uploads/upload-intake';
import type { KnowledgeAttachments } from './attachments.service';
import { readerOf } from './knowledge-access';

/** The paths the browser builds with knowledgeUploadPath and knowledgeFilePath (domain/knowledge/attachment-limits.ts). */
export const KNOWLEDGE_FILES_PREFIX = '/api/knowledge/files';

interface Deps {
  attachments: KnowledgeAttachments;
  /** The signed-in user holding one of `permissions` (server/http/session-user.ts), else 401/403. */
  requireUser(req: IncomingMessage, permissions: readonly Permission[]): Promise<SessionUser>;
  /** The signed-in user, whatever their role, else 401. */
  requireSignedIn(req: IncomingMessage): Promise<SessionUser>;
  publicOrigin: string | null;
}

async function upload(deps: Deps, req: IncomingMessage, res: ServerResponse, url: URL, entryId: number, version: number) {
  // The session cookie authenticates this write: a foreign page may not send it (as for tRPC writes).
  if (isCrossSite(req, { publicOrigin: deps.publicOrigin }))
    throw new AppError('FORBIDDEN', 'error.crossSite', 'Cross-site request refused');
  const user = await deps.requireUser(req, ['knowledge:edit']);
  const file = await receiveFile(req, KNOWLEDGE_ATTACHMENT_LIMITS);
  const added = await deps.attachments.attach(entryId, version, { ...file, fileName: url.searchParams.get('name') ?? '' }, user.id);
  sendJson(res, 201, added);
}

async function download(deps: Deps, req: IncomingMessage, res: ServerResponse, id: number) {
  const user = await deps.requireSignedIn(req);
  const file = await deps.attachments.download(id, readerOf(user));
  sendStoredFile(req, res, { ...file, disposition: contentDisposition('attachment', file.fileName) });
}

export function createKnowledgeAttachmentsRoute(deps: Deps): HttpRoute {
  async function handle(req: IncomingMessage, res: ServerResponse, url: URL) {
    const rest = url.pathname.slice(KNOWLEDGE_FILES_PREFIX.length);
    const put = /^\/entries\/(\d{1,9})\/versions\/(\d{1,6})$/.exec(rest);
    if (put && req.method === 'POST') return upload(deps, req, res, url, Number(put[1]), Number(put[2]));
    const get = /^\/(\d{1,9})$/.exec(rest);
    if (get && (req.method === 'GET' || req.method === 'HEAD')) return download(deps, req, res, Number(get[1]));
    throw new AppError('NOT_FOUND', 'error.notFound', `No such path: ${req.method} ${url.pathname}`, { what: url.pathname });
  }
  return {
    prefix: KNOWLEDGE_FILES_PREFIX,
    handle: (req, res, url) => handle(req, res, url).catch((e: unknown) => sendError(res, e)),
  };
}
