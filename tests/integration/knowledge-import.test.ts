/**
 * 批量导入 of knowledge entries on both dialects: an XLSX through the product's one importer; each good row a draft
 * (type by its Chinese label, department by name, dates, tags), bad rows reported by row number with the reason and,
 * in 'all' mode, nothing written; 'valid' writes the good rows only; a near-copy of a stored entry is flagged.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@/server/clock';
import { KnowledgeCollection } from '@/server/knowledge/collection.service';
import { KnowledgeService } from '@/server/knowledge/knowledge.service';
import type { Actor } from '@/server/orders/order-change';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { insertUser } from './orders-fixture';

const HEADER = ['类型', '标题', '问法', '答案', '正文', '分类', '标签', '区域', '部门', '生效日期', '有效期至', '敏感'];
const STORED = '大件垃圾可以拨打物业电话或通过随申办预约清运，收费按区物价部门规定执行，不得堆放在楼道和绿地。';

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('条目');
  sheet.addRow(HEADER);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const GOOD = [
  '问答',
  '旧沙发怎么扔',
  '大件家具怎么处理；旧床垫扔哪',
  STORED,
  '',
  '环卫',
  '大件垃圾、预约',
  '华阳路街道',
  '区绿化和市容管理局 环卫管理科',
  '2026-01-01',
  new Date(Date.UTC(2026, 11, 31)),
  '否',
];
const SECOND = [
  '政策',
  '沿街商铺门前三包责任要求',
  '',
  '沿街商铺应当做好门前市容整洁、环境卫生和秩序维护。',
  '',
  '市容',
  '',
  '',
  '',
  '',
  '',
  '是',
];
const BAD_TYPE = ['通知', '某标题', '', '某答案', '', '', '', '', '', '', '', ''];
const BAD_EMPTY = ['问答', '无答案条目', '', '', '', '', '', '', '不存在的部门', '2026-13-01', '', ''];

describe.each(dialects)('knowledge spreadsheet import on %s', (dialect) => {
  let database: TestDatabase;
  let kb: KnowledgeService;
  let collection: KnowledgeCollection;
  let editor: Actor;
  let storedId: number;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    kb = new KnowledgeService({ db: database.db, clock: new ManualClock('2026-03-02T02:00:00Z') });
    collection = new KnowledgeCollection({ db: database.db, knowledge: kb });
    const e = await insertUser(database.db, 'ki-editor', '编辑丙', 'knowledge_editor');
    editor = { userId: e.id, name: e.username, role: 'knowledge_editor', unitId: null };
    storedId = (await kb.create({ type: 'qa', title: '大件垃圾怎么预约清运', answer: STORED }, editor)).entryId;
  }, 120_000);
  afterAll(async () => database?.drop());

  const count = async () =>
    Number(
      (
        await database.db
          .selectFrom('knowledge_entries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('reports bad rows by row number and writes nothing in "all" mode', async () => {
    const bytes = await workbook([GOOD, BAD_TYPE, SECOND, BAD_EMPTY]);
    const report = await collection.importSpreadsheet({ fileName: '条目.xlsx', bytes }, 'all', editor);
    expect(report).toMatchObject({ rows: 4, validRows: 2, imported: 0, badRows: 2 });
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [3, '类型'],
      [5, '部门'],
      [5, '生效日期'],
    ]);
    expect(report.errors[0].message).toContain('类型“通知”无法识别');
    expect(report.duplicates).toEqual([
      { row: 2, title: '旧沙发怎么扔', entryId: null, similar: [expect.objectContaining({ entryId: storedId })] },
    ]);
    expect(await count()).toBe(1);
  });

  it('writes the good rows as drafts in "valid" mode, with their fields and source', async () => {
    const bytes = await workbook([GOOD, BAD_TYPE, SECOND]);
    const report = await collection.importSpreadsheet({ fileName: '条目.xlsx', bytes }, 'valid', editor);
    expect(report).toMatchObject({ rows: 3, validRows: 2, imported: 2, badRows: 1 });
    const id = report.duplicates[0].entryId!;
    const [v] = await kb.versions(id);
    expect(v).toMatchObject({
      status: 'draft',
      type: 'qa',
      questions: ['大件家具怎么处理', '旧床垫扔哪'],
      category: '环卫',
      tags: ['大件垃圾', '预约'],
      area: '华阳路街道',
      departmentId: 1,
      sourceKind: 'import',
      sourceRef: '条目.xlsx 第 2 行',
      sensitive: false,
    });
    // The date columns come back as the day (a Date at UTC midnight from the drivers).
    expect([v.validFrom, v.validUntil].map((d) => new Date(d as string | Date).toISOString().slice(0, 10))).toEqual([
      '2026-01-01',
      '2026-12-31',
    ]);
    expect(await count()).toBe(3);
  });

  it('refuses a missing required column and a file that is not a spreadsheet', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('条目').addRow(['标题', '答案']);
    const report = await collection.importSpreadsheet(
      { fileName: 'x.xlsx', bytes: Buffer.from(await book.xlsx.writeBuffer()) },
      'check',
      editor,
    );
    expect(report.errors).toEqual([{ row: 1, column: '类型', message: '表头缺少必填列“类型”' }]);
    await expect(collection.importSpreadsheet({ fileName: 'x.docx', bytes: Buffer.from('x') }, 'check', editor)).rejects.toThrow(
      /csv and \.xlsx/,
    );
  });
});
