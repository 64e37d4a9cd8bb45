/**
 * Photo and document evidence for work orders (raw HTTP, registered in server/app.ts):
 *
 *   POST /api/uploads            body = the file's bytes, Content-Type = its media type
 *                                → 201 {contentHash, mediaType, byteSize}; the order then refers to it by hash
 *   GET  /api/uploads/<sha256>   the stored file
 *
 * The declared type must be one an attachment may have (domain/orders/attachment-limits.ts), the bytes must really be
 * of that type (checked by their signature), and the size within the type's limit (./upload-intake.ts); otherwise
 * 400/413 with a message, and nothing is stored. Field units, dispatchers and duty officers may upload; whoever sees orders may
 * read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { AppError } from '@/domain/errors';
import { sendJson } from '@/server/http/request';
import type { HttpRoute } from '@/server/http/routes';
import { ATTACHMENT_LIMITS } from '@/domain/orders/attachment-limits';
import type { Permission } from '@/domain/auth/roles';
import { EXTENSION_OF, sniffMediaType } from './media-sniff';
import { sendStoredFile } from './send-stored-file';
import { receiveFile } from './upload-intake';
import { UploadStore } from './upload-store';

export const UPLOADS_PREFIX = '/api/uploads';

/** The sign-in gate (server/http/session-user.ts): the signed-in user holding one of `permissions`, else 401/403. */
type RequireUser = (req: IncomingMessage, permissions: readonly Permission[]) => Promise<unknown>;

async function acceptUpload(req: IncomingMessage, res: ServerResponse, requireUser: RequireUser, store: UploadStore) {
  await requireUser(req, ['field:use', 'orders:create', 'orders:dispatch']);
  const { bytes, mediaType } = await receiveFile(req, ATTACHMENT_LIMITS);
  const stored = await store.put(bytes);
  sendJson(res, 201, { ...stored, mediaType });
}

/** Media a page shows in place (photos, recordings) open inline; anything else (a PDF) downloads. */
const SHOWN_INLINE = /^(image|video|audio)\//;

export function uploadDisposition(mediaType: string, hash: string): string {
  const filename = `${hash.slice(0, 16)}.${EXTENSION_OF[mediaType] ?? 'bin'}`;
  return `${SHOWN_INLINE.test(mediaType) ? 'inline' : 'attachment'}; filename="${filename}"`;
}

async function serveUpload(req: IncomingMessage, res: ServerResponse, requireUser: RequireUser, store: UploadStore, hash: string) {
  await requireUser(req, ['orders:view', 'field:use']);
  const bytes = await store.get(hash);
  if (!bytes) throw new AppError('NOT_FOUND', 'error.notFound', `No upload ${hash}`, { what: hash });
  const mediaType = sniffMediaType(bytes) ?? 'application/octet-stream';
  sendStoredFile(req, res, { bytes, mediaType, disposition: uploadDisposition(mediaType, hash) });
}

export function createUploadsRoute(deps: { dataDir: string; requireUser: RequireUser }): HttpRoute {
  const store = new UploadStore(join(deps.dataDir, 'uploads'));
  return {
    prefix: UPLOADS_PREFIX,
    async handle(req, res, url) {
      if (url.pathname === UPLOADS_PREFIX && req.method === 'POST') return acceptUpload(req, res, deps.requireUser, store);
      const hash = url.pathname.slice(UPLOADS_PREFIX.length + 1);
      if ((req.method === 'GET' || req.method === 'HEAD') && /^[0-9a-f]{64}$/.test(hash))
        return serveUpload(req, res, deps.requireUser, store, hash);
      throw new AppError('NOT_FOUND', 'error.notFound', `No such upload route: ${req.method} ${url.pathname}`, { what: url.pathname });
    },
  };
}
