/**
 * The hidden-danger ledger (隐患台账) as a file: CSV (UTF-8 with BOM, so Excel opens the Chinese right) or XLSX,
 * served at GET /api/cockpit/hazards/ledger.csv and …/ledger.xlsx to whoever may view the cockpit: their own
 * district's hazards (every district's city-wide).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import ExcelJS from 'exceljs';
import { AppError } from '@/domain/errors';
import type { HttpRoute } from '@/server/http/routes';
import { shanghaiDay, shanghaiTime } from '@/domain/shanghai-time';
import type { Permission, Role } from '@/domain/auth/roles';
import { scopeOf } from '@/domain/tenancy/district-scope';
import type { Clock } from '@/server/clock';
import type { HazardsService, HazardView } from './hazards.service';

const STATUS_ZH: Record<HazardView['status'], string> = {
  reported: '已上报',
  dispatched: '已派单整改中',
  awaiting_acceptance: '待验收',
  accepted: '已验收',
};
const GRADE_ZH: Record<HazardView['grade'], string> = { general: '一般隐患', major: '重大隐患' };
const HEADER = [
  '编号',
  '隐患名称',
  '等级',
  '位置',
  '描述',
  '上报人',
  '上报时间',
  '整改期限',
  '状态',
  '是否超期',
  '关联工单',
  '工单状态',
  '验收人',
  '验收时间',
  '照片数',
];

const when = (d: Date | null) => (d ? `${shanghaiDay(d)} ${shanghaiTime(d)}` : '');

export function ledgerRows(hazards: readonly HazardView[]): string[][] {
  return hazards.map((h) => [
    h.code,
    h.title,
    GRADE_ZH[h.grade],
    h.place,
    h.description,
    h.reportedBy,
    when(h.reportedAt),
    when(h.deadline),
    STATUS_ZH[h.status],
    h.overdue ? '是' : '否',
    h.orderCode ?? '',
    h.orderStatus ?? '',
    h.acceptedBy ?? '',
    when(h.acceptedAt),
    String(h.photos.length),
  ]);
}

function csvCell(value: string): string {
  // Quote everything that needs it; a leading = + - @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function ledgerCsv(hazards: readonly HazardView[]): string {
  return `\uFEFF${[HEADER, ...ledgerRows(hazards)].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export async function ledgerXlsx(hazards: readonly HazardView[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('隐患台账');
  sheet.addRow(HEADER).font = { bold: true };
  for (const row of ledgerRows(hazards)) sheet.addRow(row);
  sheet.columns.forEach((column) => (column.width = 16));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const HAZARD_LEDGER_PREFIX = '/api/cockpit/hazards';

export function createHazardLedgerRoute(deps: {
  hazards: Pick<HazardsService, 'list'>;
  clock: Clock;
  /** The sign-in gate (server/http/session-user.ts): the signed-in user holding one of `permissions`, else 401/403. */
  requireUser: (req: IncomingMessage, permissions: readonly Permission[]) => Promise<{ role: Role; districtCode: string | null }>;
}): HttpRoute {
  return {
    prefix: HAZARD_LEDGER_PREFIX,
    async handle(req: IncomingMessage, res: ServerResponse, url: URL) {
      const user = await deps.requireUser(req, ['cockpit:view']);
      const format = url.pathname.slice(HAZARD_LEDGER_PREFIX.length);
      const hazards = await deps.hazards.list({}, scopeOf(user));
      const name = `hazard-ledger-${shanghaiDay(deps.clock.now())}`;
      if (format === '/ledger.csv') {
        res
          .writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"` })
          .end(ledgerCsv(hazards));
        return;
      }
      if (format === '/ledger.xlsx') {
        const bytes = await ledgerXlsx(hazards);
        res
          .writeHead(200, {
            'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'content-disposition': `attachment; filename="${name}.xlsx"`,
          })
          .end(bytes);
        return;
      }
      throw new AppError('NOT_FOUND', 'error.notFound', `No ledger format ${format}`, { what: url.pathname });
    },
  };
}
