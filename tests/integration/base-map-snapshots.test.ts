/**
 * The wall's base-map pictures over real HTTP on both dialects (issue 19's first view): a picture one wall took is
 * what a browser opening a wall of the same view and district is given, with its camera; another district's wall
 * is not given it; a picture that is not a WebP of the view's size, a bad key or camera, a role without the wall,
 * or a foreign page is refused and keeps nothing; a room of walls starting together costs one write.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/domain/auth/roles';
import { BASE_MAP_SNAPSHOT_PATH, parseSnapshotCamera, snapshotKey } from '@/domain/map/base-map-snapshot';
import type { AppServices } from '@/server/app-services';
import { ManualClock } from '@/server/clock';
import { createBaseMapSnapshotsRoute } from '@/server/geography/base-map-snapshots.route';
import { BaseMapSnapshots } from '@/server/geography/base-map-snapshots.service';
import { requireUserWithAny } from '@/server/http/session-user';
import { sendError } from '@/server/http/request';
import { matchRoute } from '@/server/http/routes';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { insertOtherDistrict, OTHER } from './second-district';
import { servicesFor } from './test-services';

const VIEW = { width: 320, height: 240, pixelRatio: 1, scale: 1, locale: 'zh', view: 'district:0' };
const KEY = snapshotKey(VIEW);
const CAMERA = '121.4123,31.2087,12.25';

/** A picture of a view's size: the left half dark blue, the right half light grey (something to recognise). */
async function picture(width = 320, height = 240, format: 'webp' | 'png' = 'webp'): Promise<Buffer> {
  const half = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) half.set(x < width / 2 ? [20, 30, 90] : [230, 230, 230], (y * width + x) * 3);
  const image = sharp(half, { raw: { width, height, channels: 3 } });
  return format === 'webp' ? image.webp({ quality: 90 }).toBuffer() : image.png().toBuffer();
}

describe.each(dialects)('base-map pictures on %s', (dialect) => {
  let database: TestDatabase;
  let services: AppServices;
  let server: Server;
  let base: string;
  const clock = new ManualClock('2026-12-05T08:00:00Z');
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    services = await servicesFor(database);
    await insertOtherDistrict(database.db);
    const people: Array<[string, Role, string | null]> = [
      ['duty', 'duty_officer', null],
      ['dispatcher', 'dispatcher', null],
      ['xuhui', 'duty_officer', OTHER.code],
      ['clerk', 'fee_clerk', null],
    ];
    for (const [username, role, districtCode] of people) {
      await services.auth.createUser({ username, displayName: username, role, password: `${username}-password-123`, districtCode });
      cookies[username] = `onemap_session=${(await services.auth.signIn(username, `${username}-password-123`, null)).token}`;
    }
    const routes = [
      createBaseMapSnapshotsRoute({
        snapshots: new BaseMapSnapshots({ db: database.db, clock }),
        requireUser: (req, permissions) => requireUserWithAny(req, services.auth, permissions),
        publicOrigin: null,
      }),
    ];
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      // As server/app.ts answers a route's refusal.
      void matchRoute(routes, url.pathname)
        ?.handle(req, res, url)
        .catch((error: unknown) => sendError(res, error));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await database?.drop();
  });

  const url = (key: string, camera?: string) =>
    `${base}${BASE_MAP_SNAPSHOT_PATH}?${new URLSearchParams({ key, ...(camera ? { camera } : {}) })}`;
  const send = (who: string, bytes: Buffer, { key = KEY, camera = CAMERA, type = 'image/webp', headers = {} } = {}) =>
    fetch(url(key, camera), {
      method: 'POST',
      body: new Uint8Array(bytes),
      headers: { 'content-type': type, cookie: cookies[who], ...headers },
    });
  const fetchFor = (who: string, key = KEY) => fetch(url(key), { headers: { cookie: cookies[who] } });
  const kept = async () =>
    Number(
      (
        await database.db
          .selectFrom('base_map_snapshots')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('gives the picture one wall took to another browser of the same district, with its camera', async () => {
    expect((await fetchFor('dispatcher')).status).toBe(204);
    expect((await send('duty', await picture())).status).toBe(201);

    const reply = await fetchFor('dispatcher');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('image/webp');
    expect(parseSnapshotCamera(reply.headers.get('x-snapshot-camera'))).toEqual({ center: [121.4123, 31.2087], zoom: 12.25 });
    // The picture given is the one taken (encoded again by the server): same size, dark left, light right.
    const { data, info } = await sharp(Buffer.from(await reply.arrayBuffer()))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([320, 240]);
    const at = (x: number, y: number) => data[(y * info.width + x) * info.channels];
    expect(at(40, 120)).toBeLessThan(60);
    expect(at(280, 120)).toBeGreaterThan(200);
  });

  it('keeps each district’s walls to their own pictures', async () => {
    expect((await fetchFor('xuhui')).status).toBe(204);
    clock.advanceMinutes(1);
    expect((await send('xuhui', await picture())).status).toBe(201);
    expect((await fetchFor('xuhui')).status).toBe(200);
    expect(await kept()).toBe(2);
  });

  it('writes once for a room of walls starting together, and again once the picture has aged', async () => {
    const before = await database.db
      .selectFrom('base_map_snapshots')
      .select('captured_at')
      .where('scope', '=', 'city')
      .executeTakeFirstOrThrow();
    clock.advanceMinutes(2);
    expect((await send('dispatcher', await picture())).status).toBe(204);
    const same = await database.db
      .selectFrom('base_map_snapshots')
      .select('captured_at')
      .where('scope', '=', 'city')
      .executeTakeFirstOrThrow();
    expect(same.captured_at.getTime()).toBe(before.captured_at.getTime());
    clock.advanceMinutes(15);
    expect((await send('dispatcher', await picture(), { camera: '121.40,31.20,12' })).status).toBe(201);
    expect((await fetchFor('duty')).headers.get('x-snapshot-camera')).toBe('121.4,31.2,12');
    // A week later the picture is too old to show.
    clock.advanceMinutes(8 * 24 * 60);
    expect((await fetchFor('duty')).status).toBe(204);
  });

  it('refuses what is not a picture of the view, a bad key or camera, a role without the wall or a foreign page, keeping nothing', async () => {
    clock.advanceMinutes(60);
    const rows = await kept();
    const other = snapshotKey({ ...VIEW, locale: 'en' });
    const refusals: Array<[Promise<Response>, number]> = [
      [send('duty', await picture(321, 240), { key: other }), 400],
      [send('duty', await picture(320, 240, 'png'), { key: other, type: 'image/png' }), 400],
      [send('duty', await picture(320, 240, 'png'), { key: other }), 400],
      [send('duty', Buffer.concat([Buffer.from('RIFF\0\0\0\0WEBPVP8 '), Buffer.alloc(64)]), { key: other }), 400],
      [send('duty', await picture(), { key: '1|320x240@1|1|zh|district:0|../x' }), 400],
      [send('duty', await picture(), { key: other, camera: '500,31,12' }), 400],
      [send('clerk', await picture(), { key: other }), 403],
      [send('duty', await picture(), { key: other, headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } }), 403],
      [fetchFor('clerk'), 403],
      [fetchFor('duty', 'not a key'), 400],
    ];
    for (const [reply, status] of refusals) expect((await reply).status).toBe(status);
    expect(await kept()).toBe(rows);
    expect((await fetchFor('duty', other)).status).toBe(204);
  });
});
