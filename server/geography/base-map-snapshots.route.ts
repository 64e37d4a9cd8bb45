/**
 * The wall's base-map pictures over raw HTTP (the picture travels as its bytes):
 *
 *   GET  /map/snapshots?key=<view key>                  → 200 image/webp, camera in x-snapshot-camera; 204 none yet
 *   POST /map/snapshots?key=<view key>&camera=lng,lat,zoom  body = the WebP → 201 kept, 204 one was kept moments ago
 *
 * Both for signed-in users who may view the wall (map:view), each within their own district scope. The body is
 * read up to SNAPSHOT_MAX_BYTES and checked for its type before the service decodes it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Permission } from '@/domain/auth/roles';
import { AppError } from '@/domain/errors';
import {
  BASE_MAP_SNAPSHOT_PATH,
  formatSnapshotCamera,
  parseSnapshotCamera,
  SNAPSHOT_CAMERA_HEADER,
  SNAPSHOT_MAX_BYTES,
  SNAPSHOT_MEDIA_TYPE,
} from '@/domain/map/base-map-snapshot';
import { scopeOf } from '@/domain/tenancy/district-scope';
import type { SessionUser } from '@/server/auth/auth.service';
import { isCrossSite } from '@/server/http/origin-check';
import type { HttpRoute } from '@/server/http/routes';
import { receiveFile } from '@/server/uploads/upload-intake';
import { type BaseMapSnapshots, snapshotRefused } from './base-map-snapshots.service';

interface Deps {
  snapshots: Pick<BaseMapSnapshots, 'find' | 'keep'>;
  requireUser(req: IncomingMessage, permissions: readonly Permission[]): Promise<SessionUser>;
  publicOrigin: string | null;
}

async function send(deps: Deps, req: IncomingMessage, res: ServerResponse, key: string) {
  const user = await deps.requireUser(req, ['map:view']);
  const found = await deps.snapshots.find(scopeOf(user), key);
  // None yet is an ordinary answer (a view's first start), not an error for the browser's console.
  if (!found) return void res.writeHead(204, { 'cache-control': 'private, no-cache' }).end();
  res.writeHead(200, {
    'content-type': SNAPSHOT_MEDIA_TYPE,
    'content-length': String(found.image.length),
    [SNAPSHOT_CAMERA_HEADER]: formatSnapshotCamera(found.camera),
    'last-modified': found.capturedAt.toUTCString(),
    // Each start asks again: a newer picture may have been taken since.
    'cache-control': 'private, no-cache',
    vary: 'Cookie',
  });
  res.end(req.method === 'HEAD' ? undefined : found.image);
}

async function keep(deps: Deps, req: IncomingMessage, res: ServerResponse, key: string, url: URL) {
  // The session cookie authenticates this write: a foreign page may not send it (as for tRPC writes).
  if (isCrossSite(req, { publicOrigin: deps.publicOrigin }))
    throw new AppError('FORBIDDEN', 'error.crossSite', 'Cross-site request refused');
  const user = await deps.requireUser(req, ['map:view']);
  const camera = parseSnapshotCamera(url.searchParams.get('camera'));
  if (!camera) throw snapshotRefused('camera must be lng,lat,zoom');
  const file = await receiveFile(req, { [SNAPSHOT_MEDIA_TYPE]: SNAPSHOT_MAX_BYTES });
  const result = await deps.snapshots.keep(scopeOf(user), key, camera, file.bytes, user.id);
  res.writeHead(result === 'kept' ? 201 : 204).end();
}

export function createBaseMapSnapshotsRoute(deps: Deps): HttpRoute {
  return {
    prefix: BASE_MAP_SNAPSHOT_PATH,
    async handle(req: IncomingMessage, res: ServerResponse, url: URL) {
      if (url.pathname !== BASE_MAP_SNAPSHOT_PATH)
        throw new AppError('NOT_FOUND', 'error.notFound', `No such path: ${url.pathname}`, { what: url.pathname });
      const key = url.searchParams.get('key') ?? '';
      if (req.method === 'GET' || req.method === 'HEAD') return send(deps, req, res, key);
      if (req.method === 'POST') return keep(deps, req, res, key, url);
      res.writeHead(405, { allow: 'GET, HEAD, POST' }).end();
    },
  };
}
