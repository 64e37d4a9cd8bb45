/**
 * Reading a bank statement (CSV or XLSX, the usual columns 交易日期, 金额, 对方户名, 对方账号, 附言) through the one
 * spreadsheet importer. Each row is checked (a date, a positive amount with at most two decimals, a name); a
 * statement is all or nothing: with any bad row nothing is written, and every problem is reported with its row.
 */
import { fenOf } from '@/domain/fees/money';
import { billCodesInMemo, lineFingerprint } from '@/domain/fees/statement';
import { cellText, type Cell, mapTable, readTable, type RowError } from '@/server/import/table-import';
import type { StatementLineInput } from './reconciliation.repository';

const COLUMNS = {
  date: ['交易日期', '日期', 'date'],
  amount: ['金额', '贷方金额', '收入金额', 'amount'],
  name: ['对方户名', '付款人', 'counterparty'],
  account: ['对方账号', '付款账号', 'account'],
  memo: ['附言', '摘要', '用途', 'memo'],
} as const;
const REQUIRED = ['date', 'amount', 'name'] as const;
export const MAX_STATEMENT_LINES = 200_000;

export interface ParsedStatement {
  rows: number;
  lines: StatementLineInput[];
  errors: RowError[];
}

/** A statement date as yyyy-mm-dd: a spreadsheet date, 2026-11-03, 2026/11/3 or 20261103. */
function dateOf(cell: Cell): string | null {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell.toISOString().slice(0, 10);
  const text = cellText(cell);
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** A statement amount in 分: text as written, or a spreadsheet number (its shortest decimal form, no float maths). */
function amountOf(cell: Cell): number | null {
  const text = typeof cell === 'number' ? String(cell) : cellText(cell).replace(/^[¥￥]/, '');
  const fen = fenOf(text);
  return fen !== null && fen > 0 ? fen : null;
}

export async function parseStatement(fileName: string, bytes: Buffer): Promise<ParsedStatement> {
  const mapped = mapTable(await readTable(fileName, bytes, { messagePrefix: 'fees.statement' }), COLUMNS, REQUIRED);
  const errors: RowError[] = [...mapped.headerErrors];
  if (mapped.rows.length > MAX_STATEMENT_LINES) {
    errors.push({ row: 1, column: '', message: `每个对账单最多 ${MAX_STATEMENT_LINES} 行` });
    return { rows: mapped.rows.length, lines: [], errors };
  }
  const occurrences = new Map<string, number>();
  const lines: StatementLineInput[] = [];
  for (const { row, get } of mapped.rows) {
    const txnDate = dateOf(get('date'));
    const amountFen = amountOf(get('amount'));
    const counterpartyName = cellText(get('name')).slice(0, 200);
    const counterpartyAccount = cellText(get('account')).slice(0, 64);
    const memo = cellText(get('memo')).slice(0, 500);
    if (!txnDate) errors.push({ row, column: mapped.title('date'), message: '不是有效日期' });
    if (amountFen === null) errors.push({ row, column: mapped.title('amount'), message: '应为大于 0 的金额，最多两位小数' });
    if (!counterpartyName) errors.push({ row, column: mapped.title('name'), message: '不能为空' });
    if (!txnDate || amountFen === null || !counterpartyName) continue;
    const base = { txnDate, amountFen, counterpartyAccount, memo };
    const key = JSON.stringify(base);
    const occurrence = (occurrences.get(key) ?? 0) + 1;
    occurrences.set(key, occurrence);
    lines.push({
      rowNo: row,
      ...base,
      counterpartyName,
      fingerprint: lineFingerprint({ ...base, occurrence }),
      billCodes: billCodesInMemo(memo),
    });
  }
  return { rows: mapped.rows.length, lines, errors };
}
