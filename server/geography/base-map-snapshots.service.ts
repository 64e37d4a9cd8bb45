/**
 * The wall's base-map pictures kept on the server (issue 19's first view): a wall photographs its base map at the
 * starting view and sends the picture here; a browser opening a wall of the same view and district for the first
 * time is given it, and shows it with the live units until its own map has drawn. Pictures are per district scope,
 * because each district's wall opens on its own district.
 *
 * Whatever is sent is checked before anything is kept: the key must name a plausible view (the domain's parser),
 * the camera a place and zoom, and the bytes must decode as a WebP of exactly the view's size. The picture is then
 * encoded again (sharp), so what other browsers are given is a picture this server made, not the bytes it was sent.
 * A view keeps its latest picture, replaced at most every MIN_INTERVAL_MS; a scope keeps KEPT_PER_SCOPE views.
 */
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import type { Database } from '@/db/schema';
import { AppError } from '@/domain/errors';
import {
  parseSnapshotKey,
  SNAPSHOT_MAX_AGE_MS,
  type SnapshotCamera,
  snapshotPixels,
  type SnapshotView,
} from '@/domain/map/base-map-snapshot';
import { type DistrictScope, scopeKey } from '@/domain/tenancy/district-scope';
import type { Clock } from '@/server/clock';
import * as repo from './base-map-snapshots.repository';

/** A room of walls starting together sends one picture each: the first is kept, the rest are not worth a write. */
const MIN_INTERVAL_MS = 10 * 60_000;
const KEPT_PER_SCOPE = 32;
const WEBP_QUALITY = 85;

export interface KeptSnapshot {
  image: Buffer;
  camera: SnapshotCamera;
  capturedAt: Date;
}

export type KeepResult = 'kept' | 'recent';

/** The one refusal of this boundary, for the route's checks and the service's alike. */
export function snapshotRefused(message: string): AppError {
  return new AppError('BAD_REQUEST', 'map.snapshot.refused', message);
}

function viewOfKey(viewKey: string): SnapshotView {
  const view = parseSnapshotKey(viewKey);
  if (!view) throw snapshotRefused(`Not a base-map view: ${viewKey.slice(0, 80)}`);
  return view;
}

/** The sent bytes as a picture this server encoded, if they are a single WebP frame of exactly `size`. */
async function reencodedWebp(bytes: Buffer, size: { width: number; height: number }): Promise<Buffer> {
  try {
    const meta = await sharp(bytes, { failOn: 'error', limitInputPixels: size.width * size.height }).metadata();
    if (meta.format !== 'webp' || meta.width !== size.width || meta.height !== size.height || (meta.pages ?? 1) > 1)
      throw snapshotRefused(`Expected a ${size.width}×${size.height} WebP picture, got ${meta.format} ${meta.width}×${meta.height}`);
    return await sharp(bytes, { failOn: 'error' }).webp({ quality: WEBP_QUALITY }).toBuffer();
  } catch (error) {
    throw error instanceof AppError ? error : snapshotRefused(`Not a readable picture: ${String(error)}`);
  }
}

export class BaseMapSnapshots {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock }) {}

  /** The view's picture for walls of this scope, or null when none was taken in the last SNAPSHOT_MAX_AGE_MS. */
  async find(scope: DistrictScope, viewKey: string): Promise<KeptSnapshot | null> {
    viewOfKey(viewKey);
    const row = await repo.findSnapshot(this.deps.db, scopeKey(scope), viewKey);
    if (!row || this.deps.clock.now().getTime() - row.captured_at.getTime() > SNAPSHOT_MAX_AGE_MS) return null;
    return {
      image: Buffer.from(row.image),
      camera: { center: [row.camera_lng, row.camera_lat], zoom: row.camera_zoom },
      capturedAt: row.captured_at,
    };
  }

  /** Keeps a picture a wall of this scope took, unless the view's picture was replaced moments ago. */
  async keep(scope: DistrictScope, viewKey: string, camera: SnapshotCamera, bytes: Buffer, takenBy: number): Promise<KeepResult> {
    const view = viewOfKey(viewKey);
    const db = this.deps.db;
    const now = this.deps.clock.now();
    const last = await repo.capturedAt(db, scopeKey(scope), viewKey);
    if (last && now.getTime() - last.getTime() < MIN_INTERVAL_MS) return 'recent';
    const image = await reencodedWebp(bytes, snapshotPixels(view));
    await db.transaction().execute(async (trx) => {
      await repo.upsertSnapshot(trx, {
        scope: scopeKey(scope),
        view_key: viewKey,
        image,
        camera_lng: camera.center[0],
        camera_lat: camera.center[1],
        camera_zoom: camera.zoom,
        captured_at: now,
        captured_by: takenBy,
      });
      await repo.keepLatest(trx, scopeKey(scope), KEPT_PER_SCOPE);
    });
    return 'kept';
  }
}
