/**
 * GET /api/fees/statistics.xlsx?from=yyyy-mm&to=yyyy-mm&groupBy=subDistrict|wasteType|month: 统计分析 as an Excel
 * workbook in the reader's language, to the fee clerk and supervisor — the same table as the screen and the CSV
 * (domain/fees/statistics-table), amounts as numbers in 元 so the spreadsheet can sum them.
 */
import type { IncomingMessage } from 'node:http';
import ExcelJS from 'exceljs';
import type { Permission } from '@/domain/auth/roles';
import { AppError } from '@/domain/errors';
import { type StatisticsGrouping, statisticsTable } from '@/domain/fees/statistics-table';
import { LOCALE_COOKIE, parseLocale, translate } from '@/domain/i18n/messages';
import type { SessionUser } from '@/server/auth/auth.service';
import { readCookie } from '@/server/auth/cookies';
import type { HttpRoute } from '@/server/http/routes';
import { feeActorOf } from './fee-scope';
import type { BillingService } from './billing.service';

export const STATISTICS_XLSX_PATH = '/api/fees/statistics.xlsx';
const GROUPINGS: readonly StatisticsGrouping[] = ['subDistrict', 'wasteType', 'month'];

export function createStatisticsXlsxRoute(deps: {
  billing: BillingService;
  requireUser: (req: IncomingMessage, permissions: readonly Permission[]) => Promise<SessionUser>;
}): HttpRoute {
  return {
    prefix: STATISTICS_XLSX_PATH,
    async handle(req, res, url) {
      const user = await deps.requireUser(req, ['fees:review', 'fees:approve']);
      if (req.method !== 'GET' || url.pathname !== STATISTICS_XLSX_PATH)
        throw new AppError('NOT_FOUND', 'error.notFound', 'No such file', { what: url.pathname });
      const groupBy = url.searchParams.get('groupBy') as StatisticsGrouping;
      if (!GROUPINGS.includes(groupBy)) throw new AppError('BAD_REQUEST', 'fees.error.monthRange', 'Bad grouping');
      const from = url.searchParams.get('from') ?? '';
      const to = url.searchParams.get('to') ?? '';
      const rows = await deps.billing.statistics({ from, to, groupBy }, feeActorOf(user));
      const locale = parseLocale(readCookie(req.headers.cookie, LOCALE_COOKIE));
      const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet(t('fees.ui.tab.stats'));
      for (const [i, cells] of statisticsTable(t, groupBy, rows).entries()) {
        // Amounts ("1,234.50") and counts as numbers, so the sheet can sum them; the header and labels as text.
        sheet.addRow(i === 0 ? cells : cells.map((c, j) => (j > 0 && /^-?[\d,]+(\.\d+)?$/.test(c) ? Number(c.replace(/,/g, '')) : c)));
      }
      sheet.getRow(1).font = { bold: true };
      sheet.columns.forEach((column, j) => {
        column.width = j === 0 ? 18 : 14;
        if ([2, 3, 4, 5, 7].includes(j)) column.numFmt = '#,##0.00'; // the 元 columns
      });
      const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
      res.writeHead(200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`清费云统计-${from}-${to}.xlsx`)}`,
        'cache-control': 'private, no-store',
      });
      res.end(bytes);
    },
  };
}
