/**
 * A collection company's actual volumes (CSV or XLSX) through the shared importer: one row per contract and
 * month. Each row is checked (the contract exists and is in force that month, a work order was issued for it — and,
 * from a company, accepted by it —, a whole non-negative quantity, not reported before, not twice in the file);
 * what passes is written in one transaction together with the overages
 * over the tariff's threshold, recorded for billing.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { AppError } from '@/domain/errors';
import { MONTH_PATTERN } from '@/domain/fees/fee-values';
import { overageOf } from '@/domain/fees/overage';
import type { Tariff } from '@/domain/fees/tariff';
import { badRowCount, cellText, type ImportMode, mapTable, readTable, type RowError, shouldWrite } from '@/server/import/table-import';
import { contractsByCode, insertOverages, insertVolumes, markOrdersReported, ordersOf, reportedPairs } from './clearance.repository';

const COLUMNS = {
  contract: ['合同编号', 'contract'],
  month: ['月份', 'month'],
  quantity: ['实际清运量', 'actual', 'quantity'],
} as const;
const REQUIRED = ['contract', 'month', 'quantity'] as const;
export const MAX_VOLUME_ROWS = 20_000;

export interface VolumeImportReport {
  rows: number;
  validRows: number;
  imported: number;
  badRows: number;
  errors: RowError[];
  /** Rows over the threshold (written as overages when imported). */
  overages: Array<{
    row: number;
    contractCode: string;
    month: string;
    contracted: number;
    actual: number;
    excess: number;
    excessAmountFen: number;
  }>;
}

export async function importVolumes(
  db: Kysely<Database>,
  file: { fileName: string; bytes: Buffer },
  mode: ImportMode,
  ctx: {
    tariff: { version: number; rules: Tariff };
    reportedBy: number | null;
    at: Date;
    /** A company reports only on its own contracts, under work orders it accepted; a clerk on any issued one. */
    companyId: number | null;
    /** The district whose contracts the uploader may report on (another's reads as not found). */
    scope: DistrictScope;
  },
): Promise<VolumeImportReport> {
  const mapped = mapTable(await readTable(file.fileName, file.bytes, { messagePrefix: 'fees.import' }), COLUMNS, REQUIRED);
  const errors: RowError[] = [...mapped.headerErrors];
  const rows = mapped.rows.slice(0, MAX_VOLUME_ROWS + 1);
  if (rows.length > MAX_VOLUME_ROWS) errors.push({ row: 1, column: '', message: `每个文件最多 ${MAX_VOLUME_ROWS} 行` });
  const contracts = new Map(
    (await contractsByCode(db, [...new Set(rows.map((r) => cellText(r.get('contract')).toUpperCase()))], ctx.scope))
      // Another company's contract reads as one that does not exist.
      .filter((c) => ctx.companyId === null || c.company_id === ctx.companyId)
      .map((c) => [c.code, c]),
  );
  const orders = await ordersOf(
    db,
    [...contracts.values()].map((c) => c.id),
  );
  const reported = await reportedPairs(
    db,
    [...contracts.values()].map((c) => c.id),
  );
  const seen = new Map<string, number>();
  const valid: Array<{
    row: number;
    code: string;
    contractId: number;
    orderId: number;
    month: string;
    quantity: number;
    contracted: number;
    price: number;
  }> = [];
  if (errors.length === 0)
    for (const { row, get } of rows) {
      const fail = (key: keyof typeof COLUMNS, message: string) => errors.push({ row, column: mapped.title(key), message });
      const code = cellText(get('contract')).toUpperCase();
      const month = cellText(get('month'));
      const quantityText = cellText(get('quantity'));
      const quantity = Number(quantityText);
      const contract = contracts.get(code);
      const before: number = errors.length;
      if (!code) fail('contract', '合同编号为空');
      else if (!contract) fail('contract', `未找到合同“${code}”`);
      else if (contract.status !== 'active' && contract.status !== 'renewal_due') fail('contract', `合同“${code}”不在履行中`);
      if (!MONTH_PATTERN.test(month)) fail('month', `“${month}”不是有效月份，应为 YYYY-MM`);
      else if (contract && (month < contract.start_month || month > contract.end_month)) fail('month', `${month} 不在合同期限内`);
      if (!quantityText || !Number.isInteger(quantity) || quantity < 0 || quantity > 1_000_000)
        fail('quantity', `实际清运量“${quantityText}”应为非负整数`);
      const key = `${code}|${month}`;
      if (seen.has(key)) fail('month', `与第 ${seen.get(key)} 行重复`);
      else seen.set(key, row);
      const order = contract ? orders.get(`${contract.id}|${month}`) : undefined;
      if (contract && reported.has(`${contract.id}|${month}`)) fail('month', `合同“${code}”${month} 的清运量已上报过`);
      // Only a row right in every other way is asked for its work order: one error per mistake.
      else if (errors.length === before && !order) fail('month', `合同“${code}”${month} 没有清运作业单`);
      else if (errors.length === before && order && ctx.companyId !== null && order.status === 'issued')
        fail('month', `请先接收作业单 ${order.code}`);
      if (errors.length === before && contract && order)
        valid.push({
          row,
          code,
          contractId: contract.id,
          orderId: order.id,
          month,
          quantity,
          contracted: contract.monthly_quantity,
          price: contract.unit_price_fen,
        });
    }
  errors.sort((a, b) => a.row - b.row);
  const threshold = ctx.tariff.rules.overageThresholdPercent;
  const overages = valid.flatMap((v) => {
    const o = overageOf(v.contracted, v.quantity, threshold, v.price);
    return o
      ? [{ row: v.row, contractCode: v.code, contractId: v.contractId, month: v.month, contracted: v.contracted, actual: v.quantity, ...o }]
      : [];
  });
  const report: VolumeImportReport = {
    rows: rows.length,
    validRows: valid.length,
    imported: 0,
    badRows: badRowCount(errors),
    errors,
    overages: overages.map(({ contractId: _id, ...o }) => o),
  };
  if (!shouldWrite(mode, valid.length, errors)) return report;
  const batch = `volumes-${ctx.at.toISOString()}`;
  try {
    await db.transaction().execute(async (trx) => {
      await insertVolumes(trx, valid, { reportedBy: ctx.reportedBy, batch, at: ctx.at });
      await markOrdersReported(
        trx,
        valid.map((v) => v.orderId),
        ctx.at,
      );
      await insertOverages(
        trx,
        overages.map((o) => ({ ...o, thresholdPercent: threshold, tariffVersion: ctx.tariff.version, at: ctx.at })),
      );
    });
  } catch (error) {
    // The same months were uploaded a moment ago: nothing of this file was written; checking again shows which.
    if ((error as { code?: string }).code === '23505')
      throw new AppError('CONFLICT', 'fees.import.duplicate', 'Some volumes were reported meanwhile; check the file again');
    throw error;
  }
  return { ...report, imported: valid.length };
}
