/**
 * Importing 12345 exports on both dialects: every bad row is reported with its row, column and a Chinese reason;
 * "import all" writes nothing while any row is bad; "valid only" writes exactly the good rows, and the rollups
 * count them (rollup equals raw); CSV and XLSX read alike; a repeated import is refused row by row.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '@/db/seed';
import { aggregate, aggregateRaw } from '@/server/hotline/analysis.repository';
import { importTickets, parseShanghaiTime } from '@/server/hotline/importer';
import { ManualClock } from '@/server/clock';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { hubHarness, insertUser } from './orders-fixture';

const HEADER = '工单编号,受理时间,问题类别,地址,经度,纬度,所属街镇,问题描述,响应时间,办结时间,办结时限,满意度';
const GOOD = [
  'IMP-001,2026-11-01 09:30,占道经营,愚园路1000号,121.4262,31.2206,,门口摆摊,2026-11-01 10:00,2026-11-02 09:00,2026-11-06 09:30,5',
  'IMP-002,2026-11-02 14:05,垃圾满溢,愚园路1000号,121.4262,31.2206,,,,,,',
  'IMP-003,2026/11/03 08:00,sanitation.road_cleaning,天山路600弄1号,121.3942,31.2135,,,2026-11-03 08:30,2026-11-03 12:00,,4',
];
const BAD = [
  'IMP-004,2026-11-31 09:00,占道经营,愚园路1000号,121.4262,31.2206,,,,,,', // no 31 November
  'IMP-005,2026-11-04 09:00,飞碟降落,愚园路1000号,121.4262,31.2206,,,,,,7', // unknown category, bad satisfaction
  'IMP-001,2026-11-05 09:00,占道经营,,121.9,31.2206,,,,,,', // duplicate code, no address, longitude outside
];
const csv = (lines: string[]) => Buffer.from(`\uFEFF${[HEADER, ...lines].join('\r\n')}\r\n`, 'utf8');
const NOW = new Date('2026-11-22T04:00:00Z');

async function ticketCount(db: TestDatabase['db']) {
  return Number(
    (
      await db
        .selectFrom('hotline_tickets')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

describe.each(dialects)('12345 import on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await seedDatabase(database.db);
  }, 300_000); // seeding is slow on a busy shared machine
  afterAll(() => database?.drop());

  it('reports every bad row by row and column, in Chinese, and "import all" writes nothing', async () => {
    const file = { fileName: 'export.csv', bytes: csv([...GOOD, ...BAD]) };
    const report = await importTickets(database.db, file, 'all', NOW);
    expect(report.imported).toBe(0);
    expect(report.rows).toBe(6);
    expect(report.validRows).toBe(3);
    expect(report.badRows).toBe(3);
    const at = (row: number) => report.errors.filter((e) => e.row === row).map((e) => `${e.column}:${e.message}`);
    expect(at(5)).toEqual([expect.stringMatching(/^受理时间:“2026-11-31 09:00”不是有效时间/)]);
    expect(at(6)).toEqual(['问题类别:未知的问题类别“飞碟降落”', '满意度:满意度“7”应为 1–5 的整数']);
    expect(at(7)).toEqual(
      expect.arrayContaining(['工单编号:工单编号与第 2 行重复', '地址:地址为空', expect.stringMatching(/^经度:经度“121.9”不在长宁区范围/)]),
    );
    expect(await ticketCount(database.db)).toBe(0);
    expect(await aggregate(database.db, { from: '2026-11-01', to: '2026-11-30' }, [])).toEqual([]);
    // The same check through the procedure: its answer passes the declared output schema.
    const analyst = hubHarness(database, new ManualClock(NOW)).caller(
      await insertUser(database.db, `importer-${dialect}`, '李导入', 'hotline_analyst'),
    );
    const checked = await analyst.hotline.import({ fileName: file.fileName, base64: file.bytes.toString('base64'), mode: 'check' });
    expect({ validRows: checked.validRows, badRows: checked.badRows, errorCount: checked.errorCount }).toEqual({
      validRows: 3,
      badRows: 3,
      errorCount: report.errors.length,
    });
  });

  it('imports only the valid rows when asked, with rollups that match, and refuses them a second time', async () => {
    const file = { fileName: 'export.csv', bytes: csv([...GOOD, ...BAD]) };
    const report = await importTickets(database.db, file, 'valid', NOW);
    expect(report.imported).toBe(3);
    expect(await ticketCount(database.db)).toBe(3);
    const filter = { from: '2026-11-01', to: '2026-11-30' };
    expect(await aggregate(database.db, filter, ['sub_district_code'])).toEqual(
      await aggregateRaw(database.db, filter, ['sub_district_code']),
    );
    const [total] = await aggregate(database.db, filter, []);
    expect(total).toMatchObject({ tickets: 3, rated: 2, satisfactionSum: 9, closed: 2 });
    const stored = await database.db
      .selectFrom('hotline_tickets')
      .select(['code', 'category_code', 'sub_district_code', 'synthetic'])
      .orderBy('code')
      .execute();
    expect(stored.map((s) => [s.code, s.category_code, s.synthetic])).toEqual([
      ['IMP-001', 'cityscape.street_vending', false],
      ['IMP-002', 'sanitation.bin_overflow', false],
      ['IMP-003', 'sanitation.road_cleaning', false],
    ]);
    expect(stored.every((s) => s.sub_district_code)).toBe(true);

    const again = await importTickets(database.db, { fileName: 'export.csv', bytes: csv(GOOD) }, 'all', NOW);
    expect(again.imported).toBe(0);
    expect(again.errors.map((e) => e.message)).toEqual([
      '工单编号“IMP-001”已导入过',
      '工单编号“IMP-002”已导入过',
      '工单编号“IMP-003”已导入过',
    ]);
  });

  it('reads XLSX exports, date cells included, like CSV', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('工单');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(['IMP-X1', new Date('2026-11-10T01:15:00Z'), '乱堆物', '天山路600弄1号', 121.3942, 31.2135, '', '', '', '', '', '']);
    sheet.addRow(['IMP-X2', 'yesterday', '乱堆物', '天山路600弄1号', 121.3942, 31.2135, '', '', '', '', '', '']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const report = await importTickets(database.db, { fileName: 'export.xlsx', bytes }, 'check', NOW);
    expect(report).toMatchObject({ rows: 2, validRows: 1, badRows: 1, imported: 0 });
    expect(report.errors[0]).toMatchObject({ row: 3, column: '受理时间' });
  });

  it('names a missing required column', async () => {
    const report = await importTickets(database.db, { fileName: 'x.csv', bytes: Buffer.from('工单编号,地址\nA,B\n') }, 'all', NOW);
    expect(report.errors.map((e) => e.message)).toEqual([
      '表头缺少必填列“受理时间”',
      '表头缺少必填列“问题类别”',
      '表头缺少必填列“经度”',
      '表头缺少必填列“纬度”',
    ]);
  });
});

describe('parseShanghaiTime', () => {
  it('reads Shanghai wall time and refuses impossible dates', () => {
    expect(parseShanghaiTime('2026-11-01 09:30')?.toISOString()).toBe('2026-11-01T01:30:00.000Z');
    expect(parseShanghaiTime('2026/2/3')?.toISOString()).toBe('2026-02-02T16:00:00.000Z');
    expect(parseShanghaiTime('2026-02-30 10:00')).toBeNull();
    expect(parseShanghaiTime('soon')).toBeNull();
  });
});
