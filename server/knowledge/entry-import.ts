/**
 * 批量导入 (issue 13): entries from a spreadsheet (.xlsx or .csv) through the product's one importer
 * (server/import/table-import): one row a draft entry, checked as the editor's form checks an entry, every problem
 * reported with its row number, column and reason. Modes as in every import: 'check' reports only, 'all' writes
 * every row or none, 'valid' the good rows; what is written goes in one transaction (nothing half-written). Each
 * good row comes with its near-duplicates among the stored entries (one batched check), for the editor to merge.
 *
 * Columns (header names, Chinese or English; 类型 and 标题 required):
 *   类型 type — 事项, 主题, 政策, 材料, 表单, 问答, 百科 (or matter, topic, policy, material, form, qa, wiki)
 *   标题 title · 问法 questions (one per line or separated by ；) · 答案 answer · 正文 body
 *   分类 category · 标签 tags (separated by 、 ， , or ；) · 区域 area · 部门 department (name or code)
 *   生效日期 valid from · 有效期至 valid until (YYYY-MM-DD, or a date cell) · 敏感 sensitive (是/否)
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { knowledgeCatalog } from '@/domain/i18n/catalog/knowledge';
import {
  badRowCount,
  type Cell,
  cellText,
  type ImportMode,
  mapTable,
  readTable,
  type RowError,
  shouldWrite,
} from '@/server/import/table-import';
import type { Actor } from '@/server/orders/order-change';
import type { KnowledgeService } from './knowledge.service';
import { departmentsByNameOrCode } from './knowledge.repository';
import { ENTRY_TYPES, entryInput, type ParsedEntry } from './knowledge.schemas';

export const ENTRY_COLUMNS = {
  type: ['类型', 'type'],
  title: ['标题', 'title'],
  questions: ['问法', '常见问法', 'questions'],
  answer: ['答案', 'answer'],
  body: ['正文', 'body'],
  category: ['分类', 'category'],
  tags: ['标签', 'tags'],
  area: ['区域', 'area'],
  department: ['部门', 'department'],
  validFrom: ['生效日期', 'valid from', 'validFrom'],
  validUntil: ['有效期至', 'valid until', 'validUntil'],
  sensitive: ['敏感', 'sensitive'],
} as const;
const REQUIRED = ['type', 'title'] as const;
export const MAX_ENTRY_ROWS = 5000;
export const MAX_ENTRY_FILE_MEGABYTES = 10;

type Key = keyof typeof ENTRY_COLUMNS;

/** Type by its Chinese label, English label or code. */
const TYPES = new Map<string, ParsedEntry['type']>(
  ENTRY_TYPES.flatMap((t) => {
    const key = `knowledge.type.${t}` as const;
    return [
      [t, t],
      [knowledgeCatalog.zh[key], t],
      [knowledgeCatalog.en[key].toLowerCase(), t],
    ] as Array<[string, ParsedEntry['type']]>;
  }),
);

const list = (text: string, separators: RegExp) =>
  text
    .split(separators)
    .map((s) => s.trim())
    .filter(Boolean);

/** A date cell (read as the date it shows) or YYYY-MM-DD / YYYY/MM/DD text; undefined when unreadable. */
function day(cell: Cell): string | null | undefined {
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  const text = cellText(cell);
  if (!text) return null;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  // A day that does not exist (2026-13-01, 02-30) does not survive the round trip.
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(iso) ? iso : undefined;
}

function yes(text: string): boolean | undefined {
  if (['', '否', 'no', 'false', '0', 'n'].includes(text.toLowerCase())) return false;
  if (['是', 'yes', 'true', '1', 'y'].includes(text.toLowerCase())) return true;
  return undefined;
}

export interface EntryImportReport {
  rows: number;
  validRows: number;
  imported: number;
  badRows: number;
  errors: RowError[];
  /** Good rows resembling stored entries. */
  duplicates: Array<{
    row: number;
    title: string;
    entryId: number | null;
    similar: Array<{ entryId: number; title: string; score: number }>;
  }>;
}

export async function importEntries(
  deps: { db: Kysely<Database>; knowledge: KnowledgeService },
  file: { fileName: string; bytes: Buffer },
  mode: ImportMode,
  actor: Actor,
): Promise<EntryImportReport> {
  const mapped = mapTable(await readTable(file.fileName, file.bytes, { messagePrefix: 'knowledge.import' }), ENTRY_COLUMNS, REQUIRED);
  const errors: RowError[] = [...mapped.headerErrors];
  const rows = mapped.rows.slice(0, MAX_ENTRY_ROWS + 1);
  if (rows.length > MAX_ENTRY_ROWS) errors.push({ row: 1, column: '', message: `每个文件最多 ${MAX_ENTRY_ROWS} 行` });
  const departments = await departmentsByNameOrCode(deps.db, [...new Set(rows.map((r) => cellText(r.get('department'))).filter(Boolean))]);
  const good: Array<{ row: number; entry: ParsedEntry }> = [];
  for (const r of rows.slice(0, MAX_ENTRY_ROWS)) {
    const text = (k: Key) => cellText(r.get(k));
    const problem = (k: Key, message: string) => errors.push({ row: r.row, column: mapped.title(k), message });
    const before = errors.length;
    const type = TYPES.get(text('type').toLowerCase());
    if (!type)
      problem(
        'type',
        `类型“${text('type')}”无法识别，应为 ${ENTRY_TYPES.map((t) => knowledgeCatalog.zh[`knowledge.type.${t}`]).join('、')}`,
      );
    const department = text('department');
    const departmentId = department ? departments.get(department) : null;
    if (departmentId === undefined) problem('department', `部门“${department}”不存在`);
    const validFrom = day(r.get('validFrom'));
    if (validFrom === undefined) problem('validFrom', '日期格式应为 YYYY-MM-DD');
    const validUntil = day(r.get('validUntil'));
    if (validUntil === undefined) problem('validUntil', '日期格式应为 YYYY-MM-DD');
    const sensitive = yes(text('sensitive'));
    if (sensitive === undefined) problem('sensitive', '应填“是”或“否”');
    if (errors.length > before) continue;
    const parsed = entryInput.safeParse({
      type,
      title: text('title'),
      questions: list(text('questions'), /[\n；;]/),
      answer: text('answer'),
      body: text('body'),
      category: text('category') || null,
      tags: list(text('tags'), /[、，,；;\n]/),
      area: text('area') || null,
      departmentId,
      sourceKind: 'import',
      sourceRef: `${file.fileName} 第 ${r.row} 行`.slice(0, 500),
      validFrom,
      validUntil,
      sensitive,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        const column = (field in ENTRY_COLUMNS ? mapped.title(field as Key) : '') || mapped.title('title');
        errors.push({ row: r.row, column, message: issue.message });
      }
      continue;
    }
    good.push({ row: r.row, entry: parsed.data });
  }
  const similar = await deps.knowledge.duplicatesOfMany(good.map((g) => g.entry));
  const write = shouldWrite(mode, good.length, errors);
  const ids = write
    ? await deps.knowledge.createDrafts(
        good.map((g) => g.entry),
        actor,
      )
    : [];
  return {
    rows: rows.length,
    validRows: good.length,
    imported: ids.length,
    badRows: badRowCount(errors),
    errors: errors.sort((a, b) => a.row - b.row),
    duplicates: good.flatMap((g, i) =>
      similar[i].length ? [{ row: g.row, title: g.entry.title, entryId: ids[i] ?? null, similar: similar[i] }] : [],
    ),
  };
}
