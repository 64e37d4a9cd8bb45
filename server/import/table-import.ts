/**
 * The generic half of a spreadsheet import (CSV or XLSX), shared by the 12345 importer and the clearance-volume
 * upload: reading the file into rows of cells, mapping the header to a feature's columns, and the three modes —
 *   'check' — report only;
 *   'all'   — import everything, or nothing while any row has a problem;
 *   'valid' — import the rows without problems and skip the others.
 * Every problem is reported with its spreadsheet row number, the column and what is wrong, in Chinese. The
 * feature keeps its own columns, row checks and writing.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '@/domain/errors';

export type ImportMode = 'check' | 'all' | 'valid';

export interface RowError {
  /** The row as the spreadsheet numbers it (the header is row 1). */
  row: number;
  column: string;
  message: string;
}

export type Cell = string | number | Date | null;

/** A feature's columns: each key with its accepted headers, the first one Chinese (the title in messages). */
export type ColumnSpec = Record<string, readonly string[]>;

/** Message keys of a feature's refusals ('<prefix>.unreadable', '<prefix>.fileType'). */
export interface ReadOptions {
  messagePrefix: string;
}

/** The file as rows of cells; the first row is the header. */
export async function readTable(fileName: string, bytes: Buffer, options: ReadOptions): Promise<Cell[][]> {
  const lower = fileName.toLowerCase();
  const unreadable = `${options.messagePrefix}.unreadable`;
  if (lower.endsWith('.csv')) {
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
    try {
      return parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
    } catch (error) {
      throw new AppError('BAD_REQUEST', unreadable, `CSV not readable: ${error instanceof Error ? error.message : error}`, {
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  }
  if (lower.endsWith('.xlsx')) {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch (error) {
      throw new AppError('BAD_REQUEST', unreadable, 'XLSX not readable', {
        detail: error instanceof Error ? error.message : String(error),
      });
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) return [];
    const rows: Cell[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, number) => {
      const values = (row.values as unknown[]).slice(1).map((v): Cell => {
        if (v === null || v === undefined) return null;
        if (v instanceof Date || typeof v === 'number' || typeof v === 'string') return v;
        if (typeof v === 'object' && 'text' in (v as object)) return String((v as { text: unknown }).text);
        if (typeof v === 'object' && 'result' in (v as object)) return (v as { result: Cell }).result;
        return String(v);
      });
      rows[number - 1] = values;
    });
    return Array.from(rows, (r) => r ?? []);
  }
  throw new AppError('BAD_REQUEST', `${options.messagePrefix}.fileType`, 'Only .csv and .xlsx files can be imported');
}

/** A cell as trimmed text ('' when empty). */
export const cellText = (v: Cell | undefined) =>
  v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v).trim();

export interface MappedTable<K extends string> {
  /** The data rows (after the header), each with its spreadsheet row number; blank rows left out. */
  rows: Array<{ row: number; get: (key: K) => Cell }>;
  /** Problems with the header (a required column missing); when any, `rows` is empty. */
  headerErrors: RowError[];
  /** The column's title as the messages name it. */
  title: (key: K) => string;
}

/** Finds each column by its header (case-insensitive) and refuses a file without a required one. */
export function mapTable<C extends ColumnSpec>(
  table: Cell[][],
  columns: C,
  required: ReadonlyArray<keyof C & string>,
): MappedTable<keyof C & string> {
  type K = keyof C & string;
  const [header = [], ...body] = table;
  const names = header.map((h) => cellText(h).toLowerCase());
  const index = {} as Record<K, number>;
  for (const key of Object.keys(columns) as K[]) index[key] = names.findIndex((n) => columns[key].some((c) => c.toLowerCase() === n));
  const title = (key: K) => columns[key][0];
  const missing = required.filter((k) => index[k] < 0);
  if (missing.length)
    return { rows: [], title, headerErrors: missing.map((k) => ({ row: 1, column: title(k), message: `表头缺少必填列“${title(k)}”` })) };
  const rows: MappedTable<K>['rows'] = [];
  body.forEach((cells, i) => {
    if (cells.every((c) => cellText(c) === '')) return;
    rows.push({ row: i + 2, get: (key) => (index[key] >= 0 ? (cells[index[key]] ?? null) : null) });
  });
  return { rows, headerErrors: [], title };
}

/** Whether a mode writes anything, given the rows that passed and the problems found. */
export function shouldWrite(mode: ImportMode, validRows: number, errors: readonly RowError[]): boolean {
  return mode !== 'check' && validRows > 0 && !(mode === 'all' && errors.length > 0);
}

/** Rows with at least one problem. */
export function badRowCount(errors: readonly RowError[]): number {
  return new Set(errors.map((e) => e.row)).size;
}

/**
 * Every data row as a header → cell object, for imports whose columns are open-ended (facility layers: the known
 * columns are matched by name and the rest kept as attributes). Blank rows are left out; `row` is the spreadsheet's
 * row number.
 */
export function tableObjects(table: Cell[][]): Array<{ row: number; cells: Record<string, Cell> }> {
  const [header = [], ...body] = table;
  const names = header.map((h) => cellText(h));
  const rows: Array<{ row: number; cells: Record<string, Cell> }> = [];
  body.forEach((cells, i) => {
    if (cells.every((c) => cellText(c) === '')) return;
    const object: Record<string, Cell> = {};
    names.forEach((name, column) => {
      if (name) object[name] = cells[column] ?? null;
    });
    rows.push({ row: i + 2, cells: object });
  });
  return rows;
}
