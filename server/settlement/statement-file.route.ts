/**
 * GET /api/settlement/statements/<contract>/<kind>/<period>.pdf|.xlsx: a settlement statement as a printable PDF
 * (Chinese text) or an Excel workbook, in the reader's language — the same rows as the screen
 * (domain/settlement/statement-table). A district's people get only their district's contracts', a supplier only its
 * own (another's reads as not found: the service's one rule, server/settlement/settlement-access.ts).
 */
import type { IncomingMessage } from 'node:http';
import ExcelJS from 'exceljs';
import type { Permission } from '@/domain/auth/roles';
import { AppError } from '@/domain/errors';
import { LOCALE_COOKIE, parseLocale, translate } from '@/domain/i18n/messages';
import type { ReportKind } from '@/domain/settlement/deadlines';
import { periodLabel, statementHeader, statementLineRows, statementTotalRows } from '@/domain/settlement/statement-table';
import type { SessionUser } from '@/server/auth/auth.service';
import { readCookie } from '@/server/auth/cookies';
import { textPdf } from '@/server/fees/text-pdf';
import type { HttpRoute } from '@/server/http/routes';
import type { SettlementService } from './settlement.service';

export const STATEMENT_FILE_PREFIX = '/api/settlement/statements';
const PATH = /^\/api\/settlement\/statements\/(\d{1,9})\/(monthly|stage6|stage9|yearly)\/(\d{4}-\d{2}|S6|S9|Y)\.(pdf|xlsx)$/;

/** A cell of the table as a number where it is one ("1,234.50" → 1234.5), so the sheet can sum it. */
const numeric = (cell: string) => (/^-?[\d,]+(\.\d+)?$/.test(cell) ? Number(cell.replace(/,/g, '')) : cell);

export function createStatementFileRoute(deps: {
  settlement: SettlementService;
  requireUser: (req: IncomingMessage, permissions: readonly Permission[]) => Promise<SessionUser>;
}): HttpRoute {
  return {
    prefix: STATEMENT_FILE_PREFIX,
    async handle(req, res, url) {
      const user = await deps.requireUser(req, ['settlement:approve', 'settlement:review', 'settlement:supply']);
      const match = PATH.exec(url.pathname);
      if (req.method !== 'GET' || !match) throw new AppError('NOT_FOUND', 'error.notFound', 'No such file', { what: url.pathname });
      const [, contractId, kind, period, format] = match as unknown as [string, string, ReportKind, string, 'pdf' | 'xlsx'];
      const { contract, figures, record } = await deps.settlement.statement(Number(contractId), kind, period, {
        userId: user.id,
        name: user.displayName,
        role: user.role,
        unitId: user.unitId,
      });
      const locale = parseLocale(readCookie(req.headers.cookie, LOCALE_COOKIE));
      const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
      const heading = t('settlement.doc.heading');
      const meta = [
        `${t('settlement.doc.contract')}：${contract.code} ${contract.name}`,
        `${t('settlement.doc.parties')}：${contract.buyerName} / ${contract.supplierName}`,
        `${t('settlement.doc.period')}：${periodLabel(t, figures.kind, figures.period, figures.months)}`,
        `${t('settlement.doc.status')}：${t(`settlement.statement.${record?.status ?? 'draft'}`)}${record ? `（${record.reviewedBy}${record.approvedBy ? ` / ${record.approvedBy}` : ''}）` : ''}`,
        ...(contract.synthetic ? [t('settlement.synthetic')] : []),
      ];
      const header = statementHeader(t);
      const lines = statementLineRows(t, figures);
      const totals = statementTotalRows(t, figures);
      const fileName = `${contract.code}-${figures.period}`;
      if (format === 'pdf') {
        const pdf = await textPdf({
          title: `${heading} ${fileName}`,
          heading,
          size: 8,
          columns: [40, 60, 290, 345, 420, 480],
          lines: [
            ...meta,
            '',
            header,
            ...lines.map((row) => [row[0]!, row[1]!.slice(0, 28), ...row.slice(2)]),
            '',
            ...totals.map(([label, value]) => `${label}：${value}`),
          ],
          footer: [t('settlement.doc.buyerSeal'), t('settlement.doc.supplierSeal')],
        });
        res.writeHead(200, {
          'content-type': 'application/pdf',
          'content-disposition': `${url.searchParams.get('download') === '1' ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(`${fileName}.pdf`)}`,
          'cache-control': 'private, no-store',
        });
        res.end(Buffer.from(pdf));
        return;
      }
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet(t('settlement.doc.sheet'));
      sheet.addRow([heading]).font = { bold: true, size: 14 };
      for (const m of meta) sheet.addRow([m]);
      sheet.addRow([]);
      sheet.addRow(header).font = { bold: true };
      for (const row of lines) sheet.addRow(row.map((cell, j) => (j >= 3 ? numeric(cell) : cell)));
      sheet.addRow([]);
      for (const [label, value] of totals) sheet.addRow([label, '', '', '', '', numeric(value)]);
      sheet.getColumn(2).width = 48;
      sheet.getColumn(3).width = 14;
      for (const j of [4, 5, 6]) sheet.getColumn(j).width = 18;
      sheet.getColumn(6).numFmt = '#,##0.00';
      const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
      res.writeHead(200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`${fileName}.xlsx`)}`,
        'cache-control': 'private, no-store',
      });
      res.end(bytes);
    },
  };
}
