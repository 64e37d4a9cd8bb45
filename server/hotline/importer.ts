/**
 * Importing real 12345 exports (CSV or XLSX): every row is checked before anything is written, and each problem
 * is reported with its spreadsheet row number, the column and what is wrong, in Chinese. Reading the file, the
 * header and the modes ('check', 'all', 'valid') are the shared importer's (server/import/table-import.ts); the
 * 12345 columns and row checks are here. Whatever is imported goes in one transaction with its rollup counts
 * (tickets.repository), never half a row.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { AppError } from '@/domain/errors';
import { hotlineNames } from './analysis.repository';
import {
  badRowCount,
  type Cell,
  cellText as text,
  type ImportMode,
  mapTable,
  readTable as readAnyTable,
  type RowError,
  shouldWrite,
} from '@/server/import/table-import';
import { existingTicketCodes, insertTickets, type NewTicket, RollupDelta, subDistrictsAt } from './tickets.repository';

export type { ImportMode, RowError } from '@/server/import/table-import';

export interface ImportReport {
  rows: number;
  validRows: number;
  imported: number;
  errors: RowError[];
  /** Rows with at least one problem. */
  badRows: number;
  batch: string | null;
}

/** The columns of a 12345 export, by their Chinese header (English headers accepted too). */
const COLUMNS = {
  code: ['工单编号', 'ticket', 'code'],
  receivedAt: ['受理时间', 'received'],
  category: ['问题类别', 'category'],
  address: ['地址', 'address'],
  lng: ['经度', 'lng', 'longitude'],
  lat: ['纬度', 'lat', 'latitude'],
  subDistrict: ['所属街镇', 'sub-district', 'subdistrict'],
  description: ['问题描述', 'description'],
  respondedAt: ['响应时间', 'responded'],
  closedAt: ['办结时间', 'closed'],
  dueAt: ['办结时限', 'due'],
  satisfaction: ['满意度', 'satisfaction'],
  reply: ['答复内容', '回复内容', 'reply'],
} as const;
type ColumnKey = keyof typeof COLUMNS;
const REQUIRED: ColumnKey[] = ['code', 'receivedAt', 'category', 'address', 'lng', 'lat'];
const TITLE: Record<ColumnKey, string> = Object.fromEntries(Object.entries(COLUMNS).map(([k, names]) => [k, names[0]])) as Record<
  ColumnKey,
  string
>;

export const MAX_IMPORT_ROWS = 100_000;
/** When no closing deadline is given: the usual 12345 limit of five days. */
const DEFAULT_DUE_DAYS = 5;

/** The file as rows of cells; the first row is the header. */
export function readTable(fileName: string, bytes: Buffer): Promise<Cell[][]> {
  return readAnyTable(fileName, bytes, { messagePrefix: 'hotline.import' });
}

export function parseShanghaiTime(v: Cell | undefined): Date | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v; // exceljs reads date cells as UTC wall time
  const s = text(v);
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', se = '0'] = m.slice(1);
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +se) - 8 * 3_600_000;
  const date = new Date(ms);
  // Reject 2026-02-30 and 25:00: the date must read back as written.
  const back = new Date(ms + 8 * 3_600_000);
  if (back.getUTCFullYear() !== +y || back.getUTCMonth() !== +mo - 1 || back.getUTCDate() !== +d || back.getUTCHours() !== +h) return null;
  return date;
}

interface Lookups {
  categories: Map<string, string>;
  subDistricts: Map<string, string>;
}

async function lookups(db: Kysely<Database>): Promise<Lookups> {
  const { categories, subDistricts } = await hotlineNames(db);
  const c = new Map<string, string>();
  for (const r of categories) for (const k of [r.code, r.name_zh, r.name_en.toLowerCase()]) c.set(k, r.code);
  const s = new Map<string, string>();
  for (const r of subDistricts) for (const k of [r.code, r.name, r.name_en.toLowerCase()]) s.set(k, r.code);
  return { categories: c, subDistricts: s };
}

interface Candidate {
  row: number;
  ticket: Omit<NewTicket, 'subDistrictCode'> & { subDistrictCode: string | null };
}

/** Checks every row; returns the tickets of the rows without problems and every problem found. */
export async function validateTable(
  db: Kysely<Database>,
  table: Cell[][],
): Promise<{ candidates: Candidate[]; errors: RowError[]; rows: number }> {
  const errors: RowError[] = [];
  const mapped = mapTable(table, COLUMNS, REQUIRED);
  if (mapped.headerErrors.length) return { candidates: [], rows: Math.max(0, table.length - 1), errors: mapped.headerErrors };
  if (mapped.rows.length > MAX_IMPORT_ROWS) {
    throw new AppError('PAYLOAD_TOO_LARGE', 'hotline.import.tooManyRows', `At most ${MAX_IMPORT_ROWS} rows per file`, {
      max: MAX_IMPORT_ROWS,
    });
  }
  const { categories, subDistricts } = await lookups(db);
  const candidates: Candidate[] = [];
  const seen = new Map<string, number>();
  mapped.rows.forEach(({ row, get }) => {
    const problems: RowError[] = [];
    const fail = (key: ColumnKey, message: string) => problems.push({ row, column: TITLE[key], message });
    const code = text(get('code'));
    if (!code) fail('code', '工单编号为空');
    else if (code.length > 64) fail('code', '工单编号超过64个字符');
    else if (seen.has(code)) fail('code', `工单编号与第 ${seen.get(code)} 行重复`);
    else seen.set(code, row);
    const receivedAt = parseShanghaiTime(get('receivedAt'));
    if (!receivedAt) fail('receivedAt', `“${text(get('receivedAt'))}”不是有效时间，应为 YYYY-MM-DD HH:mm`);
    else if (receivedAt.getTime() > Date.now() + 3_600_000) fail('receivedAt', '受理时间晚于现在');
    const categoryText = text(get('category'));
    const category = categories.get(categoryText) ?? categories.get(categoryText.toLowerCase());
    if (!categoryText) fail('category', '问题类别为空');
    else if (!category) fail('category', `未知的问题类别“${categoryText}”`);
    const address = text(get('address'));
    if (!address) fail('address', '地址为空');
    else if (address.length > 300) fail('address', '地址超过300个字符');
    const lng = Number(text(get('lng')));
    const lat = Number(text(get('lat')));
    if (!text(get('lng')) || !Number.isFinite(lng) || lng < 121.3 || lng > 121.5)
      fail('lng', `经度“${text(get('lng'))}”不在长宁区范围（121.3–121.5）`);
    if (!text(get('lat')) || !Number.isFinite(lat) || lat < 31.15 || lat > 31.26)
      fail('lat', `纬度“${text(get('lat'))}”不在长宁区范围（31.15–31.26）`);
    const subText = text(get('subDistrict'));
    const subDistrict = subText ? (subDistricts.get(subText) ?? subDistricts.get(subText.toLowerCase()) ?? null) : null;
    if (subText && !subDistrict) fail('subDistrict', `未知的街镇“${subText}”`);
    const optionalTime = (key: ColumnKey) => {
      const raw = get(key);
      if (text(raw) === '') return null;
      const at = parseShanghaiTime(raw);
      if (!at) fail(key, `“${text(raw)}”不是有效时间，应为 YYYY-MM-DD HH:mm`);
      else if (receivedAt && at < receivedAt) fail(key, `${TITLE[key]}早于受理时间`);
      return at;
    };
    const respondedAt = optionalTime('respondedAt');
    const closedAt = optionalTime('closedAt');
    const dueAt = optionalTime('dueAt');
    const satisfactionText = text(get('satisfaction'));
    const satisfaction = satisfactionText === '' ? null : Number(satisfactionText);
    if (satisfaction !== null && !(Number.isInteger(satisfaction) && satisfaction >= 1 && satisfaction <= 5))
      fail('satisfaction', `满意度“${satisfactionText}”应为 1–5 的整数`);
    else if (satisfaction !== null && !text(get('closedAt'))) fail('satisfaction', '未办结的工单不能有满意度');
    if (problems.length) {
      errors.push(...problems);
      return;
    }
    const received = receivedAt as Date;
    candidates.push({
      row,
      ticket: {
        code,
        receivedAt: received,
        categoryCode: category as string,
        subDistrictCode: subDistrict,
        address,
        description: text(get('description')) || address,
        lng,
        lat,
        dueAt: dueAt ?? new Date(received.getTime() + DEFAULT_DUE_DAYS * 86_400_000),
        respondedAt,
        closedAt,
        satisfaction,
        synthetic: false,
        reply: text(get('reply')).slice(0, 4000) || null,
      },
    });
  });

  // Database checks for the rows that passed: codes already imported, and the sub-district the point lies in.
  if (candidates.length) {
    const existing = await existingTicketCodes(
      db,
      candidates.map((c) => c.ticket.code),
    );
    const areas = await subDistrictsAt(
      db,
      candidates.map((c) => c.ticket),
    );
    const kept: Candidate[] = [];
    candidates.forEach((c, i) => {
      const inArea = areas[i];
      if (existing.has(c.ticket.code)) errors.push({ row: c.row, column: TITLE.code, message: `工单编号“${c.ticket.code}”已导入过` });
      else if (!inArea) errors.push({ row: c.row, column: TITLE.lng, message: '坐标不在长宁区任何街镇内' });
      else if (c.ticket.subDistrictCode && c.ticket.subDistrictCode !== inArea)
        errors.push({ row: c.row, column: TITLE.subDistrict, message: '所属街镇与坐标所在街镇不一致' });
      else kept.push({ ...c, ticket: { ...c.ticket, subDistrictCode: inArea } });
    });
    candidates.splice(0, candidates.length, ...kept);
  }
  errors.sort((a, b) => a.row - b.row);
  return { candidates, errors, rows: mapped.rows.length };
}

export async function importTickets(
  db: Kysely<Database>,
  file: { fileName: string; bytes: Buffer },
  mode: ImportMode,
  now = new Date(),
): Promise<ImportReport> {
  const table = await readTable(file.fileName, file.bytes);
  const { candidates, errors, rows } = await validateTable(db, table);
  const report = { rows, validRows: candidates.length, errors, badRows: badRowCount(errors), imported: 0, batch: null as string | null };
  if (!shouldWrite(mode, candidates.length, errors)) return report;
  const batch = `import-${now.toISOString()}`;
  try {
    await db.transaction().execute(async (trx) => {
      const delta = new RollupDelta();
      await insertTickets(
        trx,
        candidates.map((c) => ({ ...c.ticket, subDistrictCode: c.ticket.subDistrictCode as string, importBatch: batch })),
        delta,
        now,
      );
      await delta.flush(trx);
    });
  } catch (error) {
    // Someone imported the same tickets a moment ago: nothing of this file was written; checking again shows which.
    if ((error as { code?: string }).code === '23505')
      throw new AppError('CONFLICT', 'hotline.import.duplicate', 'Some tickets were imported meanwhile; check the file again');
    throw error;
  }
  return { ...report, imported: candidates.length, batch };
}
