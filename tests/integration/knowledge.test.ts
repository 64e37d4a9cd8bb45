/**
 * The knowledge base on both dialects: every edit a version and stale edits refused, four-eyes publishing (the
 * proposer cannot approve), search finds the published answer with highlights and its source, unanswered
 * questions are logged and closed by a later entry, near-duplicates are shown, sensitive words block proposing,
 * expired entries leave search, and terminal keys from the outside-client registry.
 */
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchRoute } from '@/server/http/routes';
import { createKnowledgeTerminalRoutes } from '@/server/knowledge/terminal.route';
import { ManualClock } from '@/server/clock';
import { KnowledgeService } from '@/server/knowledge/knowledge.service';
import { KnowledgeAttachments } from '@/server/knowledge/attachments.service';
import { UploadStore } from '@/server/uploads/upload-store';
import { OutsideClientsService } from '@/server/clients/outside-clients.service';
import type { Actor } from '@/server/orders/order-change';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { insertUser } from './orders-fixture';

const ALL_CHECKED = { truthful: true, complete: true, safe: true, legitimateSource: true };

describe.each(dialects)('knowledge base on %s', (dialect) => {
  let database: TestDatabase;
  let kb: KnowledgeService;
  let clients: OutsideClientsService;
  let editor: Actor;
  let reviewer: Actor;
  const clock = new ManualClock('2026-03-02T02:00:00Z');

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    kb = new KnowledgeService({ db: database.db, clock });
    clients = new OutsideClientsService({ db: database.db, clock });
    const e = await insertUser(database.db, 'kb-editor', '编辑甲', 'knowledge_editor');
    const r = await insertUser(database.db, 'kb-reviewer', '审核乙', 'knowledge_reviewer');
    editor = { userId: e.id, name: e.username, role: 'knowledge_editor', unitId: null };
    reviewer = { userId: r.id, name: r.username, role: 'knowledge_reviewer', unitId: null };
  });
  afterAll(async () => database?.drop());

  async function publish(input: Parameters<KnowledgeService['create']>[0]) {
    const { entryId, version } = await kb.create(input, editor);
    await kb.propose(entryId, version, editor);
    await kb.decide(entryId, version, { approve: true, checklist: ALL_CHECKED, note: null }, reviewer);
    return entryId;
  }

  it('keeps every edit as a version and refuses an edit based on a stale version', async () => {
    const { entryId } = await kb.create(
      { type: 'qa', title: '门前三包责任区怎么划分', questions: ['门前三包范围'], answer: '以沿街单位门前至人行道外侧为责任区。' },
      editor,
    );
    const second = await kb.edit(
      entryId,
      1,
      { type: 'qa', title: '门前三包责任区如何划分', answer: '责任区一般为门前至人行道外侧。' },
      editor,
    );
    expect(second.version).toBe(2);
    await expect(kb.edit(entryId, 1, { type: 'qa', title: '另一个改法', answer: '内容' }, reviewer)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const versions = await kb.versions(entryId);
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[1].title).toBe('门前三包责任区怎么划分');
  });

  it('refuses self-approval and publishes only after a different reviewer approves the full checklist', async () => {
    const { entryId } = await kb.create(
      {
        type: 'qa',
        title: '湿垃圾应该怎么投放',
        questions: ['厨余垃圾扔哪里'],
        answer: '湿垃圾应破袋投放到湿垃圾桶，包装袋投入干垃圾桶。',
        departmentId: 1,
        sourceKind: 'manual',
        sourceRef: '上海市生活垃圾管理条例',
      },
      editor,
    );
    await kb.propose(entryId, 1, editor);
    await expect(kb.decide(entryId, 1, { approve: true, checklist: ALL_CHECKED, note: null }, editor)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      messageKey: 'knowledge.error.selfApproval',
    });
    expect((await kb.search('湿垃圾怎么扔', { canSeeSensitive: false, log: false })).hits).toHaveLength(0);
    await expect(
      kb.decide(entryId, 1, { approve: true, checklist: { ...ALL_CHECKED, safe: false }, note: null }, reviewer),
    ).rejects.toMatchObject({ messageKey: 'knowledge.error.checklist' });
    await kb.decide(entryId, 1, { approve: true, checklist: ALL_CHECKED, note: null }, reviewer);
    await expect(kb.decide(entryId, 1, { approve: true, checklist: ALL_CHECKED, note: null }, reviewer)).rejects.toMatchObject({
      code: 'CONFLICT',
    });

    const result = await kb.search('湿垃圾怎么扔', { canSeeSensitive: false });
    expect(result.answered).toBe(true);
    expect(result.hits[0].entryId).toBe(entryId);
    expect(result.hits[0].title.some((r) => r.hit && r.text === '湿垃圾')).toBe(true);
    expect(result.hits[0].source.reference).toBe('上海市生活垃圾管理条例');
    expect(result.hits[0].source.department).toContain('环卫');
  });

  it('ranks a title match above a body mention and expands synonyms', async () => {
    const lamp = await publish({ type: 'qa', title: '景观灯不亮怎么报修', answer: '拨打 12345 或在随申办报修，写明位置。' });
    await publish({
      type: 'wiki',
      title: '市容景观管理概述',
      body: '市容景观包括建筑立面、户外广告、景观灯等多个方面，由多个部门共同管理。',
    });
    const result = await kb.search('路灯坏了', { canSeeSensitive: false, log: false });
    expect(result.terms).toContain('景观灯');
    expect(result.hits[0].entryId).toBe(lamp);
  });

  it('logs an unanswered question and closes it when an entry answers it', async () => {
    const asked = await kb.search('公共厕所几点开门', { canSeeSensitive: false });
    expect(asked.answered).toBe(false);
    expect((await kb.unanswered('open')).map((u) => u.question)).toContain('公共厕所几点开门');
    const toilet = await publish({
      type: 'qa',
      title: '公共厕所开放时间',
      questions: ['公共厕所几点开门'],
      answer: '每日 5:00 至 22:00 开放。',
    });
    const closed = await kb.unanswered('closed');
    expect(closed.find((u) => u.question === '公共厕所几点开门')?.answered_by).toBe(toilet);
  });

  it('shows near-duplicates on save and blocks proposing with a sensitive word', async () => {
    const text = '沿街商户应履行门前三包责任，保持门前市容整洁、环境卫生和秩序良好，不得占道经营和乱堆乱放。';
    const first = await kb.create({ type: 'policy', title: '门前三包责任要求', body: text }, editor);
    const second = await kb.create({ type: 'policy', title: '门前三包责任的要求', body: text.replace('乱堆乱放', '乱堆物品') }, editor);
    expect(second.duplicates[0]).toMatchObject({ entryId: first.entryId });
    expect(second.duplicates[0].score).toBeGreaterThan(0.6);
    const secret = await kb.create({ type: 'wiki', title: '考核细则', body: '本文件为内部资料，不得外传。' }, editor);
    await expect(kb.propose(secret.entryId, 1, editor)).rejects.toMatchObject({ messageKey: 'knowledge.error.sensitiveWords' });
  });

  it('hides sensitive entries from callers without the right', async () => {
    const id = await publish({ type: 'qa', title: '化粪池清掏作业排班', answer: '按作业单位排班表执行。', sensitive: true });
    expect((await kb.search('化粪池清掏', { canSeeSensitive: false, log: false })).hits.map((h) => h.entryId)).not.toContain(id);
    expect((await kb.search('化粪池清掏', { canSeeSensitive: true, log: false })).hits[0].entryId).toBe(id);
    await expect(kb.published(id, false)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('takes entries past their valid-until day out of search, audited', async () => {
    const id = await publish({
      type: 'policy',
      title: '春节期间烟花爆竹残屑清扫安排',
      answer: '初一至初五每日加密清扫两次。',
      validUntil: '2026-03-05',
    });
    clock.set('2026-03-05T15:00:00Z'); // 23:00 on the 5th in Shanghai: still valid
    expect(await kb.takedownExpired()).toEqual([]);
    clock.set('2026-03-05T16:30:00Z'); // 00:30 on the 6th in Shanghai
    expect(await kb.takedownExpired()).toEqual([id]);
    expect((await kb.search('烟花爆竹残屑', { canSeeSensitive: true, log: false })).hits).toHaveLength(0);
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'target'])
      .where('action', '=', 'knowledge.takedown')
      .execute();
    expect(audit).toContainEqual({ action: 'knowledge.takedown', target: `knowledge_entry:${id}` });
  });

  it('accepts a terminal key only while it is enabled, for its kind and scope', async () => {
    const { id, key } = await clients.issue({ kind: 'terminal', name: '新泾镇自助终端', scopes: ['knowledge:read'] }, reviewer);
    expect(await clients.verify(key, 'terminal', 'knowledge:read')).toMatchObject({ id, name: '新泾镇自助终端' });
    expect(await clients.verify(key, 'open311', 'knowledge:read')).toBeNull();
    expect(await clients.verify(key, 'terminal', 'orders:write')).toBeNull();
    expect(await clients.verify(`${key}x`, 'terminal', 'knowledge:read')).toBeNull();
    const stored = await database.db.selectFrom('outside_clients').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(key);
    expect(stored.last_used_at).not.toBeNull();
    await clients.withdraw(id, reviewer);
    expect(await clients.verify(key, 'terminal', 'knowledge:read')).toBeNull();
  });

  it('serves the terminal API over HTTP only with a valid key, and describes it in the OpenAPI document', async () => {
    const attachments = new KnowledgeAttachments({
      db: database.db,
      clock,
      store: new UploadStore(mkdtempSync(join(tmpdir(), 'onemap-kb-'))),
    });
    const routes = createKnowledgeTerminalRoutes({ knowledge: kb, attachments, clients });
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = matchRoute(routes, url.pathname);
      if (!route) return void res.writeHead(404).end();
      void route.handle(req, res, url);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const id = await publish({ type: 'qa', title: '书报亭营业时间', answer: '书报亭一般 7:00 至 19:00 营业。' });
      const { key } = await clients.issue({ kind: 'terminal', name: '天山路街道终端', scopes: ['knowledge:read'] }, reviewer);
      const q = encodeURIComponent('报亭几点关门');
      expect((await fetch(`${base}/api/knowledge/v1/search?q=${q}`)).status).toBe(401);
      expect((await fetch(`${base}/api/knowledge/v1/search?q=${q}`, { headers: { 'x-api-key': 'om_bad_key' } })).status).toBe(401);
      const found = await fetch(`${base}/api/knowledge/v1/search?q=${q}`, { headers: { 'x-api-key': key } });
      expect(found.status).toBe(200);
      const body = (await found.json()) as { hits: Array<{ entryId: number }> };
      expect(body.hits[0].entryId).toBe(id);
      const entry = await fetch(`${base}/api/knowledge/v1/entries/${id}`, { headers: { 'x-api-key': key } });
      expect(await entry.json()).toMatchObject({ entryId: id, title: '书报亭营业时间' });
      const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/knowledge/v1/search', '/api/knowledge/v1/entries/{id}']));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('counts published entries by type, category, department and freshness', async () => {
    const before = await kb.statistics();
    const countOf = <K>(list: { key: K; count: number }[], key: K) => list.find((r) => r.key === key)?.count ?? 0;
    const policy = { type: 'policy', category: '统计测试分类', departmentId: 1 } as const;
    await publish({ ...policy, title: '统计测试政策甲', answer: '政策甲的内容。' });
    await publish({ ...policy, title: '统计测试政策乙', answer: '政策乙的内容。' });
    // A draft is not published: it is not counted.
    await kb.create({ ...policy, title: '统计测试草稿', answer: '草稿内容。' }, editor);

    const now = await kb.statistics();
    expect(now.published).toBe(before.published + 2);
    expect(countOf(now.byType, 'policy')).toBe(countOf(before.byType, 'policy') + 2);
    expect(countOf(now.byCategory, '统计测试分类')).toBe(2);
    expect(now.byDepartment.find((d) => d.key?.includes('环卫'))!.count).toBeGreaterThanOrEqual(2);
    expect(countOf(now.byFreshness, 'within90')).toBe(countOf(before.byFreshness, 'within90') + 2);

    // Two hundred days on, everything published so far is between 181 and 365 days since it was last checked.
    clock.set(new Date(clock.now().getTime() + 200 * 86_400_000));
    const later = await kb.statistics();
    expect(countOf(later.byFreshness, 'within90')).toBe(0);
    expect(countOf(later.byFreshness, 'within365')).toBe(later.published - countOf(later.byFreshness, 'never'));
  });
});
