/**
 * Photo and document evidence for work orders (raw HTTP, registered in server/app.ts):
 *
 *   POST /api/uploads            body = the file's bytes, Content-Type = its media type
 *                                → 201 {contentHash, mediaType, byteSize}; the order then refers to it by hash
 *   GET  /api/uploads/<sha256>   the stored file
 *
 * The declared type must be one an attachment may have (server/orders/attachment-limits.ts), the bytes must really be
 * of that type (checked by their signature), and the size within the type's limit; otherwise 400/413/415 with a
 * message, and nothing is stored. Field units, dispatchers and duty officers may upload; whoever sees orders may
 * read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { AppError } from '@/domain/errors';
import { readBody, sendJson } from '@/server/http/request';
import type { HttpRoute } from '@/server/http/routes';
import { ATTACHMENT_LIMITS } from '@/domain/orders/attachment-limits';
import type { Permission } from '@/domain/auth/roles';
import { sniffMediaType } from './media-sniff';
import { UploadStore } from './upload-store';

export const UPLOADS_PREFIX = '/api/uploads';

/** The sign-in gate (server/http/session-user.ts): the signed-in user holding one of `permissions`, else 401/403. */
type RequireUser = (req: IncomingMessage, permissions: readonly Permission[]) => Promise<unknown>;

function badUpload(message: string, detail: string): AppError {
  return new AppError('BAD_REQUEST', 'error.badInput', message, { detail });
}

async function acceptUpload(req: IncomingMessage, res: ServerResponse, requireUser: RequireUser, store: UploadStore) {
  await requireUser(req, ['field:use', 'orders:create', 'orders:dispatch']);
  const declared = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const limit = ATTACHMENT_LIMITS[declared];
  if (!limit) {
    throw badUpload(
      `Unsupported media type "${declared || 'none'}"; send one of ${Object.keys(ATTACHMENT_LIMITS).join(', ')}`,
      `不支持的文件类型：${declared || '未声明'}`,
    );
  }
  const bytes = await readBody(req, limit);
  if (bytes.length === 0) throw badUpload('The file is empty', '文件为空');
  const actual = sniffMediaType(bytes);
  if (actual !== declared) {
    throw badUpload(
      `The file is not a ${declared} (its content looks like ${actual ?? 'nothing known'})`,
      `文件内容与声明的类型 ${declared} 不符`,
    );
  }
  const stored = await store.put(bytes);
  sendJson(res, 201, { ...stored, mediaType: declared });
}

/** Media a page shows in place (photos, recordings) open inline; anything else (a PDF) downloads. */
const SHOWN_INLINE = /^(image|video|audio)\//;
const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'application/pdf': 'pdf',
  'video/mp4': 'mp4',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
};

export function uploadDisposition(mediaType: string, hash: string): string {
  const filename = `${hash.slice(0, 16)}.${EXTENSIONS[mediaType] ?? 'bin'}`;
  return `${SHOWN_INLINE.test(mediaType) ? 'inline' : 'attachment'}; filename="${filename}"`;
}

async function serveUpload(req: IncomingMessage, res: ServerResponse, requireUser: RequireUser, store: UploadStore, hash: string) {
  await requireUser(req, ['orders:view', 'field:use']);
  const bytes = await store.get(hash);
  if (!bytes) throw new AppError('NOT_FOUND', 'error.notFound', `No upload ${hash}`, { what: hash });
  const mediaType = sniffMediaType(bytes) ?? 'application/octet-stream';
  res.writeHead(200, {
    'content-type': mediaType,
    'content-length': bytes.length,
    'content-disposition': uploadDisposition(mediaType, hash),
    // Opened directly, an upload is a document of its own: no script, no plugin, no same-origin rights.
    'content-security-policy': "default-src 'none'; img-src 'self'; media-src 'self'; sandbox",
    // Content-addressed: the bytes behind a hash never change.
    'cache-control': 'private, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : bytes);
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
