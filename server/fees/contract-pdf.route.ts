/**
 * GET /api/fees/contracts/<id>.pdf[?download=1]: the contract as a PDF (shown, or saved as a file), to a signed-in clerk, supervisor or the payer whose
 * contract it is (another payer's reads as not found, like an id that does not exist).
 */
import type { IncomingMessage } from 'node:http';
import { AppError } from '@/domain/errors';
import type { Permission } from '@/domain/auth/roles';
import type { SessionUser } from '@/server/auth/auth.service';
import type { HttpRoute } from '@/server/http/routes';
import { feeActorOf } from './fee-scope';
import type { FeesService } from './fees.service';
import { contractPdf } from './contract-pdf';

export const CONTRACT_PDF_PREFIX = '/api/fees/contracts';

export function createContractPdfRoute(deps: {
  fees: FeesService;
  requireUser: (req: IncomingMessage, permissions: readonly Permission[]) => Promise<SessionUser>;
}): HttpRoute {
  return {
    prefix: CONTRACT_PDF_PREFIX,
    async handle(req, res, url) {
      const user = await deps.requireUser(req, ['fees:declare', 'fees:review', 'fees:approve']);
      const match = /^\/api\/fees\/contracts\/(\d{1,9})\.pdf$/.exec(url.pathname);
      if (req.method !== 'GET' || !match) throw new AppError('NOT_FOUND', 'error.notFound', 'No such file', { what: url.pathname });
      const { contract, payer } = await deps.fees.contractDocument(Number(match[1]), feeActorOf(user));
      const pdf = await contractPdf(contract, payer);
      res.writeHead(200, {
        'content-type': 'application/pdf',
        // Viewed (and printed) in the browser, or saved as a file with ?download=1.
        'content-disposition': `${url.searchParams.get('download') === '1' ? 'attachment' : 'inline'}; filename="${contract.code}.pdf"`,
        'cache-control': 'private, no-store',
      });
      res.end(Buffer.from(pdf));
    },
  };
}
