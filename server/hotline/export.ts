/**
 * Any analysis view as a file: the same rows the screen shows, as CSV (UTF-8 with a byte-order mark, so Excel
 * reads the Chinese) or XLSX (exceljs). Headers are bilingual so one file serves both readers.
 */
import ExcelJS from 'exceljs';

export type ExportFormat = 'csv' | 'xlsx';
export interface Table {
  columns: Array<{ key: string; title: string }>;
  rows: Array<Record<string, string | number | null>>;
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(table: Table): string {
  const lines = [table.columns.map((c) => csvCell(c.title)).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvCell(row[c.key] ?? null)).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function toXlsx(table: Table, sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.columns = table.columns.map((c) => ({ header: c.title, key: c.key, width: Math.max(10, c.title.length + 4) }));
  for (const row of table.rows) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function encodeTable(
  table: Table,
  format: ExportFormat,
  name: string,
): Promise<{ fileName: string; mimeType: string; base64: string }> {
  if (format === 'csv')
    return { fileName: `${name}.csv`, mimeType: 'text/csv;charset=utf-8', base64: Buffer.from(toCsv(table), 'utf8').toString('base64') };
  return {
    fileName: `${name}.xlsx`,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: (await toXlsx(table, name)).toString('base64'),
  };
}
