/**
 * Photo evidence over real HTTP: stored by content hash and read back; a file that is not what it claims, an
 * unsupported type, an anonymous or unauthorised caller are refused and nothing is stored.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendError } from '@/server/http/request';
import { requireUserWithAny } from '@/server/http/session-user';
import { createUploadsRoute } from '@/server/uploads/uploads.route';
import type { AppServices } from '@/server/app-services';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { servicesFor } from './test-services';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

describe.each(dialects)('uploads on %s', (dialect) => {
  let database: TestDatabase;
  let services: AppServices;
  let server: Server;
  let base: string;
  let dataDir: string;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onemap-uploads-'));
    database = await freshDatabase(dialect);
    services = await servicesFor(database, { DATA_DIR: dataDir });
    for (const [username, role] of [
      ['handler', 'field_unit'],
      ['clerk', 'fee_clerk'],
      ['dispatcher', 'dispatcher'],
    ] as const) {
      await services.auth.createUser({ username, displayName: username, role, password: `${username}-password-123` });
      cookies[username] = `onemap_session=${(await services.auth.signIn(username, `${username}-password-123`, null)).token}`;
    }
    const route = createUploadsRoute({ dataDir, requireUser: (req, permissions) => requireUserWithAny(req, services.auth, permissions) });
    server = createServer((req, res) => {
      route.handle(req, res, new URL(req.url ?? '/', 'http://localhost')).catch((e: unknown) => sendError(res, e));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/uploads`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (body: Buffer, type: string, cookie?: string) =>
    fetch(base, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': type, ...(cookie ? { cookie } : {}) } });
  const storedFiles = () => readdirSync(join(dataDir, 'uploads'), { recursive: true }).filter((f) => String(f).length > 60);

  it('stores a photo from a field unit by its sha256 and serves it back to a dispatcher', async () => {
    const reply = await post(JPEG, 'image/jpeg', cookies.handler);
    expect(reply.status).toBe(201);
    const body = (await reply.json()) as { contentHash: string; mediaType: string; byteSize: number };
    expect(body).toEqual({ contentHash: createHash('sha256').update(JPEG).digest('hex'), mediaType: 'image/jpeg', byteSize: JPEG.length });
    const back = await fetch(`${base}/${body.contentHash}`, { headers: { cookie: cookies.dispatcher } });
    expect(back.status).toBe(200);
    expect(back.headers.get('content-type')).toBe('image/jpeg');
    // Shown in place by the order's page, yet never able to run anything if opened on its own.
    expect(back.headers.get('content-disposition')).toBe(`inline; filename="${body.contentHash.slice(0, 16)}.jpg"`);
    expect(back.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await back.arrayBuffer()).equals(JPEG)).toBe(true);
  });

  it('hands a PDF over as a download, never as a page of this site', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const { contentHash } = (await (await post(pdf, 'application/pdf', cookies.handler)).json()) as { contentHash: string };
    const back = await fetch(`${base}/${contentHash}`, { headers: { cookie: cookies.dispatcher } });
    expect(back.headers.get('content-disposition')).toBe(`attachment; filename="${contentHash.slice(0, 16)}.pdf"`);
  });

  it('refuses a file that is not what it claims, an unsupported type and strangers, storing nothing', async () => {
    const before = storedFiles().length;
    const script = await post(Buffer.from('#!/bin/sh\necho hi\n'), 'image/jpeg', cookies.handler);
    expect(script.status).toBe(400);
    expect(((await script.json()) as { error: { message: string } }).error.message).toMatch(/not a image\/jpeg/);
    expect((await post(JPEG, 'text/html', cookies.handler)).status).toBe(400);
    expect((await post(JPEG, 'image/jpeg')).status).toBe(401);
    expect((await post(JPEG, 'image/jpeg', cookies.clerk)).status).toBe(403);
    expect((await fetch(`${base}/${'0'.repeat(64)}`, { headers: { cookie: cookies.dispatcher } })).status).toBe(404);
    expect(storedFiles().length).toBe(before);
  });
});
