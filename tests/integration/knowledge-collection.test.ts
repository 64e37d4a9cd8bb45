/**
 * 采集 on both dialects: a Word document and a saved HTML page become draft entries with their source and
 * reference; a 12345 ticket with a reply becomes a candidate 问答 entry (once only; none without a reply); a
 * near-duplicate is shown with its score on import, and merging keeps the chosen entry (with the other's title and
 * questions as its questions, to be reviewed) while the other is withdrawn and leaves search and the duplicate list.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@/server/clock';
import { importTickets } from '@/server/hotline/importer';
import { insertTickets, RollupDelta } from '@/server/hotline/tickets.repository';
import { KnowledgeCollection } from '@/server/knowledge/collection.service';
import { KnowledgeService } from '@/server/knowledge/knowledge.service';
import type { Actor } from '@/server/orders/order-change';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { insertSubDistricts, insertUser, WEST } from './orders-fixture';

const ALL_CHECKED = { truthful: true, complete: true, safe: true, legitimateSource: true };
const REPLY = '沿街商铺门前责任区内的垃圾应由商铺自行清扫，并投放到指定的垃圾收集点；不得堆放在人行道上。';

async function wordDocument(): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: '沿街商铺门前三包责任要求', heading: HeadingLevel.HEADING_1, alignment: AlignmentType.CENTER }),
          new Paragraph('沿街商铺应当做好门前市容整洁、环境卫生和秩序维护，即门前三包。'),
          new Paragraph('责任区范围为门前至人行道外侧，违反规定的由城管执法部门责令改正。'),
        ],
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}

const SAVED_PAGE = `<!DOCTYPE html>
<!-- saved from url=(0043)https://www.shcn.gov.cn/lr/garbage-rules.html -->
<html><head><meta charset="utf-8"><title>长宁区人民政府 - 政策</title><script>var tracker = 1;</script></head>
<body><nav><a href="/">首页</a> 政务公开</nav>
<article><h1>大件垃圾怎么预约清运</h1><p>居民可拨打小区物业电话或通过“随申办”预约大件垃圾清运，收费标准按区物价部门规定执行。</p>
<p>大件垃圾不得随意堆放在楼道和绿地。</p></article><footer>版权所有</footer></body></html>`;

describe.each(dialects)('knowledge collection on %s', (dialect) => {
  let database: TestDatabase;
  let kb: KnowledgeService;
  let collection: KnowledgeCollection;
  let editor: Actor;
  let reviewer: Actor;
  const clock = new ManualClock('2026-03-02T02:00:00Z');

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    kb = new KnowledgeService({ db: database.db, clock });
    collection = new KnowledgeCollection({ db: database.db, knowledge: kb });
    const e = await insertUser(database.db, 'kc-editor', '编辑甲', 'knowledge_editor');
    const r = await insertUser(database.db, 'kc-reviewer', '审核乙', 'knowledge_reviewer');
    editor = { userId: e.id, name: e.username, role: 'knowledge_editor', unitId: null };
    reviewer = { userId: r.id, name: r.username, role: 'knowledge_reviewer', unitId: null };
    await insertSubDistricts(database.db);
    const ticket = (code: string, description: string, reply: string | null) => ({
      code,
      receivedAt: new Date('2026-02-20T02:00:00Z'),
      categoryCode: 'sanitation.bin_overflow',
      subDistrictCode: WEST.code,
      address: '华阳路1号',
      description,
      lng: 121.41,
      lat: 31.21,
      dueAt: new Date('2026-02-25T02:00:00Z'),
      respondedAt: null,
      closedAt: new Date('2026-02-21T02:00:00Z'),
      satisfaction: null,
      synthetic: false,
      reply,
    });
    // The ticket with a reply comes through the 12345 importer's 答复内容 column; the other is written directly.
    const csv = [
      '工单编号,受理时间,问题类别,地址,经度,纬度,问题描述,办结时间,答复内容',
      `12345-KC-1,2026-02-20 10:00,垃圾满溢,华阳路1号,121.41,31.21,沿街商铺门前的垃圾应该由谁来清扫,2026-02-21 10:00,${REPLY}`,
    ].join('\n');
    const report = await importTickets(database.db, { fileName: 'export.csv', bytes: Buffer.from(csv, 'utf8') }, 'all', clock.now());
    expect(report.errors).toEqual([]);
    await database.db.transaction().execute(async (trx) => {
      const delta = new RollupDelta();
      await insertTickets(trx, [ticket('12345-KC-2', '路灯不亮', null)], delta, clock.now());
      await delta.flush(trx);
    });
  }, 120_000); // a fresh database and the import are slow on a busy shared machine
  afterAll(async () => database?.drop());

  it('turns a Word document into a draft 政策 entry citing the file', async () => {
    const saved = await collection.importDocument({ fileName: '门前三包.docx', bytes: await wordDocument() }, {}, editor);
    const [v] = await kb.versions(saved.entryId);
    expect(v).toMatchObject({
      status: 'draft',
      type: 'policy',
      title: '沿街商铺门前三包责任要求',
      sourceKind: 'docx',
      sourceRef: '门前三包.docx',
    });
    expect(v.answer).toBe('沿街商铺应当做好门前市容整洁、环境卫生和秩序维护，即门前三包。');
    expect(v.body).toContain('责任区范围为门前至人行道外侧');
  });

  it("turns a saved government page into a draft citing the page's address, without its navigation or scripts", async () => {
    const saved = await collection.importDocument({ fileName: 'page.html', bytes: Buffer.from(SAVED_PAGE) }, { type: 'matter' }, editor);
    const [v] = await kb.versions(saved.entryId);
    expect(v).toMatchObject({ type: 'matter', title: '大件垃圾怎么预约清运', sourceKind: 'html' });
    expect(v.sourceRef).toBe('https://www.shcn.gov.cn/lr/garbage-rules.html');
    expect(v.body).not.toMatch(/首页|版权所有|tracker/);
  });

  it('refuses a file that is not a Word document, with a clear error', async () => {
    await expect(collection.importDocument({ fileName: 'broken.docx', bytes: Buffer.from('not a zip') }, {}, editor)).rejects.toMatchObject(
      { code: 'BAD_REQUEST', messageKey: 'knowledge.error.document' },
    );
  });

  it('offers 12345 tickets with a reply as candidate 问答 entries, imports each once, and refuses one without a reply', async () => {
    const candidates = await collection.ticketCandidates();
    expect(candidates.map((c) => c.code)).toEqual(['12345-KC-1']);
    expect(candidates[0].reply).toBe(REPLY);
    const saved = await collection.importTicket('12345-KC-1', editor);
    const [v] = await kb.versions(saved.entryId);
    expect(v).toMatchObject({
      type: 'qa',
      title: '沿街商铺门前的垃圾应该由谁来清扫',
      questions: ['沿街商铺门前的垃圾应该由谁来清扫'],
      answer: REPLY,
      sourceKind: 'hotline',
      sourceRef: '12345-KC-1',
      area: WEST.code,
    });
    expect(await collection.ticketCandidates()).toEqual([]);
    await expect(collection.importTicket('12345-KC-1', editor)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(collection.importTicket('12345-KC-2', editor)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('shows a near-duplicate with its score and merges it: the kept entry gains its questions, the other is withdrawn', async () => {
    const first = await kb.create(
      { type: 'qa', title: '门前垃圾谁负责清扫', questions: ['店门口垃圾谁扫'], answer: REPLY, tags: ['门前三包'] },
      editor,
    );
    await kb.propose(first.entryId, 1, editor);
    await kb.decide(first.entryId, 1, { approve: true, checklist: ALL_CHECKED, note: null }, reviewer);
    const copy = await kb.create({ type: 'qa', title: '商铺门前垃圾由谁清扫', answer: REPLY, tags: ['垃圾'] }, editor);
    const warning = copy.duplicates.find((d) => d.entryId === first.entryId);
    expect(warning?.score).toBeGreaterThanOrEqual(0.6);

    const merged = await kb.merge(copy.entryId, first.entryId, editor);
    expect(merged).toEqual({ entryId: copy.entryId, version: 2 });
    const [kept] = await kb.versions(copy.entryId);
    expect(kept.status).toBe('draft');
    expect(kept.questions).toEqual(expect.arrayContaining(['门前垃圾谁负责清扫', '店门口垃圾谁扫']));
    expect(kept.tags).toEqual(['垃圾', '门前三包']);
    // The withdrawn one is out of search and no longer offered as a duplicate; merging it again is refused.
    await expect(kb.published(first.entryId, true)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const again = await kb.duplicatesOf({ title: '门前垃圾谁负责清扫', questions: [], answer: REPLY, body: '' });
    expect(again.map((d) => d.entryId)).not.toContain(first.entryId);
    await expect(kb.merge(copy.entryId, first.entryId, editor)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const row = await database.db
      .selectFrom('knowledge_entries')
      .select(['status', 'merged_into'])
      .where('id', '=', first.entryId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'withdrawn', merged_into: copy.entryId });

    // The kept version goes through review as usual, and then answers the other's way of asking.
    await kb.propose(copy.entryId, 2, editor);
    await kb.decide(copy.entryId, 2, { approve: true, checklist: ALL_CHECKED, note: null }, reviewer);
    const hits = await kb.search('店门口垃圾谁扫', { canSeeSensitive: false, log: false });
    expect(hits.hits[0].entryId).toBe(copy.entryId);
  });
});
