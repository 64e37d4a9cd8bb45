/**
 * Knowledge attachments over real HTTP on both dialects: an editor adds a form to a draft, the published version's
 * files are what readers and terminals download (under the original Chinese name), a new version starts with its
 * base's files and may drop one without touching the published copy; a sensitive entry's file is refused to roles
 * without the right; a refused type, a renamed file, an oversize file or a non-editor writes nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeFilePath, knowledgeUploadPath } from '@/domain/knowledge/attachment-limits';
import type { Role } from '@/domain/auth/roles';
import type { AppServices } from '@/server/app-services';
import { matchRoute } from '@/server/http/routes';
import { requireSignedIn, requireUserWithAny } from '@/server/http/session-user';
import { createKnowledgeAttachmentsRoute } from '@/server/knowledge/attachments.route';
import { createKnowledgeTerminalRoutes } from '@/server/knowledge/terminal.route';
import type { Actor } from '@/server/orders/order-change';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { servicesFor } from './test-services';

const ALL_CHECKED = { truthful: true, complete: true, safe: true, legitimateSource: true };
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

interface Attachment {
  id: number;
  fileName: string;
  mediaType: string;
  byteSize: number;
}

describe.each(dialects)('knowledge attachments on %s', (dialect) => {
  let database: TestDatabase;
  let services: AppServices;
  let server: Server;
  let base: string;
  let dataDir: string;
  let form: Buffer;
  const cookies: Record<string, string> = {};
  const actors: Record<string, Actor> = {};

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onemap-kb-files-'));
    database = await freshDatabase(dialect);
    services = await servicesFor(database, { DATA_DIR: dataDir });
    const people: Array<[string, Role]> = [
      ['editor', 'knowledge_editor'],
      ['reviewer', 'knowledge_reviewer'],
      ['dispatcher', 'dispatcher'],
      ['leader', 'leader'],
    ];
    for (const [username, role] of people) {
      const user = await services.auth.createUser({ username, displayName: username, role, password: `${username}-password-123` });
      actors[username] = { userId: user.id, name: username, role, unitId: null };
      cookies[username] = `onemap_session=${(await services.auth.signIn(username, `${username}-password-123`, null)).token}`;
    }
    const routes = [
      createKnowledgeAttachmentsRoute({
        attachments: services.knowledgeAttachments,
        requireUser: (req, permissions) => requireUserWithAny(req, services.auth, permissions),
        requireSignedIn: (req) => requireSignedIn(req, services.auth),
        publicOrigin: null,
      }),
      ...createKnowledgeTerminalRoutes({
        knowledge: services.knowledge,
        attachments: services.knowledgeAttachments,
        clients: services.outsideClients,
      }),
    ];
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = matchRoute(routes, url.pathname);
      if (!route) return void res.writeHead(404).end();
      void route.handle(req, res, url);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    form = Buffer.from(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('申请单位：＿＿＿＿')] }] })));
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const kb = () => services.knowledge;
  const upload = (entryId: number, version: number, name: string, bytes: Buffer, type: string, who = 'editor') =>
    fetch(`${base}${knowledgeUploadPath(entryId, version, name)}`, {
      method: 'POST',
      body: new Uint8Array(bytes),
      headers: { 'content-type': type, cookie: cookies[who] },
    });
  const attach = async (entryId: number, version: number, name: string, bytes: Buffer, type: string) => {
    const reply = await upload(entryId, version, name, bytes, type);
    expect(reply.status).toBe(201);
    return (await reply.json()) as Attachment;
  };
  const download = (id: number, who?: string) => fetch(`${base}${knowledgeFilePath(id)}`, { headers: who ? { cookie: cookies[who] } : {} });
  const errorOf = async (reply: Response) => ((await reply.json()) as { error: { messageKey: string } }).error.messageKey;
  async function publish(entryId: number, version: number) {
    await kb().propose(entryId, version, actors.editor);
    await kb().decide(entryId, version, { approve: true, checklist: ALL_CHECKED, note: null }, actors.reviewer);
  }
  const storedFiles = () => readdirSync(join(dataDir, 'uploads'), { recursive: true }).filter((f) => String(f).length > 60).length;
  const rows = async () =>
    Number(
      (
        await database.db
          .selectFrom('knowledge_attachments')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('attaches a form to a draft, carries it into the next version, and removes it from that draft only', async () => {
    const { entryId } = await kb().create(
      { type: 'form', title: '建筑垃圾处置申请表', answer: '下载申请表，填写后到区绿化市容局窗口递交。' },
      actors.editor,
    );
    const added = await attach(entryId, 1, '建筑垃圾处置申请表.docx', form, DOCX);
    expect(added).toMatchObject({ fileName: '建筑垃圾处置申请表.docx', mediaType: DOCX, byteSize: form.length });
    expect(await services.knowledgeAttachments.ofVersion(entryId, 1)).toEqual([added]);

    await publish(entryId, 1);
    // The version under review or published is what was approved: its files no longer change.
    const late = await upload(entryId, 1, '补充说明.pdf', PDF, 'application/pdf');
    expect(late.status).toBe(409);
    expect(await errorOf(late)).toBe('knowledge.attachment.notDraft');

    const { version } = await kb().edit(
      entryId,
      1,
      { type: 'form', title: '建筑垃圾处置申请表（2027 版）', answer: '下载新版申请表填写。' },
      actors.editor,
    );
    const carried = await services.knowledgeAttachments.ofVersion(entryId, version);
    expect(carried).toEqual([{ ...added, id: expect.any(Number) }]);
    expect(carried[0].id).not.toBe(added.id);
    // A draft built on an older version may not change: the latest is where files go (no lost update).
    expect((await upload(entryId, 1, '旧版.pdf', PDF, 'application/pdf')).status).toBe(409);

    await services.knowledgeAttachments.remove(entryId, version, carried[0].id);
    expect(await services.knowledgeAttachments.ofVersion(entryId, version)).toEqual([]);
    expect((await kb().published(entryId, false)).attachments).toEqual([added]);
    await expect(services.knowledgeAttachments.remove(entryId, 1, added.id)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('loses no file when an attachment and an edit of the same draft race', async () => {
    const { entryId } = await kb().create({ type: 'form', title: '户外招牌设置申请表', answer: '填写后递交。' }, actors.editor);
    const [attached, edited] = await Promise.allSettled([
      services.knowledgeAttachments.attach(
        entryId,
        1,
        { bytes: PDF, mediaType: 'application/pdf', fileName: '招牌申请表.pdf' },
        actors.editor.userId ?? 0,
      ),
      kb().edit(entryId, 1, { type: 'form', title: '户外招牌设置申请表（修订）', answer: '填写后递交。' }, actors.editor),
    ]);
    expect(edited.status).toBe('fulfilled');
    // Either the file went in first and the new version carries it, or the edit went first and the file was refused.
    if (attached.status === 'fulfilled')
      expect((await services.knowledgeAttachments.ofVersion(entryId, 2)).map((f) => f.fileName)).toEqual(['招牌申请表.pdf']);
    else expect(attached.reason).toMatchObject({ code: 'CONFLICT' });
  });

  it('gives the entry kept by a merge the files of both entries, each file once', async () => {
    const keep = await kb().create({ type: 'material', title: '门责告知书样张', answer: '门责告知书样张。' }, actors.editor);
    const drop = await kb().create({ type: 'material', title: '门前责任告知书样张', answer: '门前责任告知书的样张。' }, actors.editor);
    await attach(keep.entryId, 1, '告知书.pdf', PDF, 'application/pdf');
    await attach(drop.entryId, 1, '告知书（另存）.pdf', PDF, 'application/pdf');
    await attach(drop.entryId, 1, '张贴照片.jpg', JPEG, 'image/jpeg');
    const merged = await kb().merge(keep.entryId, drop.entryId, actors.editor);
    const files = await services.knowledgeAttachments.ofVersion(merged.entryId, merged.version);
    expect(files.map((f) => f.fileName)).toEqual(['告知书.pdf', '张贴照片.jpg']);
  });

  it('lets a reader download a published form under its Chinese name, from Q&A too; a draft’s file only for editors', async () => {
    const { entryId } = await kb().create(
      { type: 'form', title: '绿化补植申请表', questions: ['补种行道树要填什么表'], answer: '填写绿化补植申请表后提交。' },
      actors.editor,
    );
    const added = await attach(entryId, 1, '绿化补植申请表.docx', form, DOCX);
    const draftReply = await download(added.id, 'dispatcher');
    expect(draftReply.status).toBe(404);
    expect(await errorOf(draftReply)).toBe('knowledge.attachment.unpublished');
    expect((await download(added.id, 'editor')).status).toBe(200);
    expect((await download(added.id)).status).toBe(401);

    await publish(entryId, 1);
    const reply = await download(added.id, 'dispatcher');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe(DOCX);
    const disposition = reply.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="[^"]+\.docx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1])).toBe('绿化补植申请表.docx');
    expect(Buffer.from(await reply.arrayBuffer()).equals(form)).toBe(true);

    const asked = await kb().search('补种行道树要填什么表', { canSeeSensitive: false, log: false });
    expect(asked.hits.find((h) => h.entryId === entryId)?.attachments).toEqual([added]);
  });

  it('refuses a sensitive entry’s file with 403 to a role that may not read sensitive entries', async () => {
    const { entryId } = await kb().create(
      { type: 'material', title: '化粪池清掏作业排班样表', answer: '内部排班样表。', sensitive: true },
      actors.editor,
    );
    const added = await attach(entryId, 1, '排班样表.pdf', PDF, 'application/pdf');
    await publish(entryId, 1);
    const refused = await download(added.id, 'dispatcher');
    expect(refused.status).toBe(403);
    expect(await errorOf(refused)).toBe('knowledge.attachment.sensitive');
    const leader = await download(added.id, 'leader');
    expect(leader.status).toBe(200);
    expect(leader.headers.get('content-type')).toBe('application/pdf');
  });

  it('lets a terminal list and download a published entry’s files, and nothing unpublished or sensitive', async () => {
    const published = await kb().create({ type: 'material', title: '垃圾分类投放样张', answer: '四分类投放示意。' }, actors.editor);
    const photo = await attach(published.entryId, 1, '投放样张.jpg', JPEG, 'image/jpeg');
    await publish(published.entryId, 1);
    const draft = await kb().create({ type: 'form', title: '户外广告设置申请表', answer: '尚在修订。' }, actors.editor);
    const draftFile = await attach(draft.entryId, 1, '户外广告设置申请表.pdf', PDF, 'application/pdf');
    const secret = await kb().create({ type: 'form', title: '内部考核表', answer: '内部使用。', sensitive: true }, actors.editor);
    const secretFile = await attach(secret.entryId, 1, '考核表.pdf', PDF, 'application/pdf');
    await publish(secret.entryId, 1);

    const { key } = await services.outsideClients.issue(
      { kind: 'terminal', name: '江苏路街道终端', scopes: ['knowledge:read'] },
      actors.reviewer,
    );
    const terminal = (path: string, apiKey = key) => fetch(`${base}/api/knowledge/v1${path}`, { headers: { 'x-api-key': apiKey } });
    expect((await fetch(`${base}/api/knowledge/v1/entries/${published.entryId}/attachments`)).status).toBe(401);
    const list = await terminal(`/entries/${published.entryId}/attachments`);
    expect(await list.json()).toEqual({ entryId: published.entryId, version: 1, attachments: [photo] });
    const file = await terminal(`/entries/${published.entryId}/attachments/${photo.id}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    expect(decodeURIComponent((file.headers.get('content-disposition') ?? '').split("''")[1])).toBe('投放样张.jpg');
    expect(Buffer.from(await file.arrayBuffer()).equals(JPEG)).toBe(true);
    // A file asked for under another entry's number is not found there.
    expect((await terminal(`/entries/${draft.entryId}/attachments/${photo.id}`)).status).toBe(404);

    expect((await terminal(`/entries/${draft.entryId}/attachments`)).status).toBe(404);
    expect((await terminal(`/entries/${draft.entryId}/attachments/${draftFile.id}`)).status).toBe(404);
    expect((await terminal(`/entries/${secret.entryId}/attachments`)).status).toBe(404);
    expect((await terminal(`/entries/${secret.entryId}/attachments/${secretFile.id}`)).status).toBe(403);
    const trusted = await services.outsideClients.issue(
      { kind: 'terminal', name: '12345 坐席', scopes: ['knowledge:read', 'knowledge:sensitive'] },
      actors.reviewer,
    );
    expect((await terminal(`/entries/${secret.entryId}/attachments/${secretFile.id}`, trusted.key)).status).toBe(200);
  });

  it('refuses a wrong type, a renamed file, an oversize file, a nameless file and a non-editor, writing nothing', async () => {
    const { entryId } = await kb().create({ type: 'form', title: '占道施工申请表', answer: '填写后递交。' }, actors.editor);
    await attach(entryId, 1, '占道施工申请表.pdf', PDF, 'application/pdf');
    const [files, count] = [storedFiles(), await rows()];

    const script = await upload(entryId, 1, 'run.sh', Buffer.from('#!/bin/sh\nrm -rf /\n'), 'text/x-shellscript');
    expect(script.status).toBe(400);
    expect(await errorOf(script)).toBe('upload.refusedType');
    const renamed = await upload(entryId, 1, '样张.pdf', JPEG, 'application/pdf');
    expect(renamed.status).toBe(400);
    expect(await errorOf(renamed)).toBe('upload.notWhatItSays');
    const huge = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024)]);
    const oversize = await upload(entryId, 1, '扫描件.pdf', huge, 'application/pdf');
    expect(oversize.status).toBe(413);
    expect(await errorOf(oversize)).toBe('upload.tooLarge');
    const nameless = await upload(entryId, 1, '', Buffer.concat([PDF, Buffer.from('nameless')]), 'application/pdf');
    expect(nameless.status).toBe(400);
    expect(await errorOf(nameless)).toBe('knowledge.attachment.badName');
    const stranger = await upload(entryId, 1, '申请表.pdf', Buffer.concat([PDF, Buffer.from('stranger')]), 'application/pdf', 'dispatcher');
    expect(stranger.status).toBe(403);

    expect(storedFiles()).toBe(files);
    expect(await rows()).toBe(count);
  });
});
