/**
 * GET /api/fees/invoices/<id>.pdf|.xml[?download=1]: an issued invoice's PDF or XML, to a signed-in clerk,
 * supervisor or the payer it was issued to (another payer's reads as not found).
 */
import type { IncomingMessage } from 'node:http';
import type { Permission } from '@/domain/auth/roles';
import { AppError } from '@/domain/errors';
import type { SessionUser } from '@/server/auth/auth.service';
import type { HttpRoute } from '@/server/http/routes';
import { feeActorOf } from './fee-scope';
import type { InvoiceService } from './invoices.service';

export const INVOICE_FILE_PREFIX = '/api/fees/invoices';

export function createInvoiceFileRoute(deps: {
  invoices: InvoiceService;
  requireUser: (req: IncomingMessage, permissions: readonly Permission[]) => Promise<SessionUser>;
}): HttpRoute {
  return {
    prefix: INVOICE_FILE_PREFIX,
    async handle(req, res, url) {
      const user = await deps.requireUser(req, ['fees:declare', 'fees:review', 'fees:approve']);
      const match = /^\/api\/fees\/invoices\/(\d{1,9})\.(pdf|xml)$/.exec(url.pathname);
      if (req.method !== 'GET' || !match) throw new AppError('NOT_FOUND', 'error.notFound', 'No such file', { what: url.pathname });
      const format = match[2] as 'pdf' | 'xml';
      const file = await deps.invoices.file(Number(match[1]), format, feeActorOf(user));
      res.writeHead(200, {
        'content-type': format === 'pdf' ? 'application/pdf' : 'application/xml; charset=utf-8',
        'content-disposition': `${url.searchParams.get('download') === '1' || format === 'xml' ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        'cache-control': 'private, no-store',
      });
      res.end(file.bytes);
    },
  };
}
